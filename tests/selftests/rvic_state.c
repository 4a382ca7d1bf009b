// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_state - save and restore of the rVIC/rVID state through
 * KVM_DEV_ARM_RVIC_GRP_STATE (Documentation/virt/kvm/devices/arm-rvic.rst).
 *
 * VM A, 2 vCPUs. vCPU 1 enables its instance, makes 60 deliverable and 61
 * pending but masked. vCPU 0 enables its instance, lets its virtual timer
 * fire (INTID 27) and acknowledges it, leaving the timer high; then makes
 * 40, 3, 20 and 5 deliverable in that order, 7 pending but masked and 9
 * unmasked but not pending, and maps rVID input 0 to itself (INTID 50)
 * and input 1 to vCPU 1 (INTID 51). The host saves A's state and checks
 * it field by field against the layout of the documentation.
 *
 * VM B, configured alike, gets A's state and A's vCPU 0 timer registers,
 * is saved again (byte for byte the same), and runs new guest code that
 * checks that it acknowledges 40, 3, 20, 5 in that order and nothing
 * else, that 7 and 61 are still pending and masked, that the rVID inputs
 * still reach their INTIDs, and that the timer, restored high with 27
 * acknowledged, is not delivered again until the guest resamples it low
 * and the timer fires anew (then exactly once). While one of B's vCPUs
 * runs, get and set fail with EBUSY.
 *
 * VM C, configured alike but never run, keeps its state through sets of
 * A's state made inconsistent in each of the documented ways (EINVAL, and
 * a get afterwards returns C's state unchanged, byte for byte); VMs with
 * other counts, another MSI range or another number of vCPUs refuse A's
 * state. Before finalising, the group is not offered (ENXIO).
 *
 * In protected mode the group is not offered at all: has, get and set
 * fail with ENXIO, and that is what is checked there.
 */
#include "arch_timer.h"
#include "rvic_util.h"

#define NR_VCPUS	2

#ifndef KVM_DEV_ARM_RVIC_GRP_STATE
#define KVM_DEV_ARM_RVIC_GRP_MSI	2
#define KVM_DEV_ARM_RVIC_MSI_INPUTS	0
#define KVM_DEV_ARM_RVIC_GRP_STATE	3
#define KVM_DEV_ARM_RVIC_STATE_SIZE	0
#define KVM_DEV_ARM_RVIC_STATE		1
#endif

/* The layout, version 1, from the documentation */
#define HDR_WORDS	10		/* 40 bytes */
#define H_VERSION	0
#define H_SIZE		1
#define H_NR_VCPUS	2
#define H_NR_TRUSTED	3
#define H_NR_TOTAL	4
#define H_MSI_BASE	5
#define H_MSI_COUNT	6
#define H_RESERVED	7
#define NW		(RVIC_TEST_TOTAL / 32)
#define VCPU_WORDS	(2 + 4 * NW + RVIC_TEST_TOTAL)
#define STATE_WORDS	(HDR_WORDS + NR_VCPUS * VCPU_WORDS + RVIC_TEST_UNTRUSTED)
#define STATE_SIZE	(4 * STATE_WORDS)
#define REC(v)		(HDR_WORDS + (v) * VCPU_WORDS)
#define R_FLAGS		0
#define R_FIFO_LEN	1
#define R_PENDING	2
#define R_UNMASKED	(2 + NW)
#define R_LEVEL		(2 + 2 * NW)
#define R_ACTIVE	(2 + 3 * NW)
#define R_FIFO		(2 + 4 * NW)
#define RVID		(HDR_WORDS + NR_VCPUS * VCPU_WORDS)
#define ST_ENABLED	1U
#define RVID_VALID	(1U << 31)
#define RVID_ENTRY(vcpu, intid)	(RVID_VALID | (vcpu) << 16 | (intid))

enum { SYNC_SAVE = 1, SYNC_FIRE0, SYNC_FIRE1 };

static uint64_t targets[NR_VCPUS];
static int b1_started, b1_go;

/* vCPU 0 of A makes these deliverable in this order; B acknowledges them so */
static const int fifo_order[] = { 40, 3, 20, 5 };
static const int unmask_first[] = { 5, 3, 40, 20, 9 };

/* Poll ACKNOWLEDGE for @intid for up to a second; fail on anything else */
static void guest_wait_ack(int64_t intid)
{
	uint64_t end = rvic_guest_now_us() + 1000000;
	int64_t got;

	do {
		got = rvic_ack();
		if (got == intid)
			return;
		__GUEST_ASSERT(got == -1, "ACKNOWLEDGE took %ld waiting for %ld", got, intid);
	} while (rvic_guest_now_us() < end);
	GUEST_FAIL("INTID %ld not delivered within a second", intid);
}

static void guest_a0(void)
{
	uint64_t self = rvic_self();

	rvic_enable();
	rvic_clear_masked(self, RVIC_VTIMER_INTID);
	timer_set_cval(VIRTUAL, 0);
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
	guest_wait_ack(RVIC_VTIMER_INTID);	/* now active, level high */

	for (unsigned int i = 0; i < ARRAY_SIZE(unmask_first); i++)
		rvic_clear_masked(self, unmask_first[i]);
	for (unsigned int i = 0; i < ARRAY_SIZE(fifo_order); i++)
		rvic_signal(self, fifo_order[i]);
	rvic_signal(self, 7);
	rvid_map(0, self, 50);
	rvid_map(1, targets[1], 51);
	GUEST_SYNC(SYNC_SAVE);
	GUEST_DONE();
}

static void guest_a1(void)
{
	uint64_t self = rvic_self();

	rvic_enable();
	rvic_clear_masked(self, 60);
	rvic_signal(self, 60);
	rvic_signal(self, 61);
	GUEST_DONE();
}

static void guest_b0(void)
{
	uint64_t self = rvic_self();

	GUEST_ASSERT_EQ(self, targets[0]);
	/* Restored high and acknowledged: no new edge, nothing pending */
	__GUEST_ASSERT(!rvic_is_pending(self, RVIC_VTIMER_INTID),
		       "the restored timer counted as a new rising edge");
	for (unsigned int i = 0; i < ARRAY_SIZE(fifo_order); i++)
		rvic_expect_ack(fifo_order[i]);
	GUEST_ASSERT_EQ(rvic_ack(), -1);
	GUEST_ASSERT(rvic_is_pending(self, 7));
	GUEST_ASSERT(!rvic_is_pending(self, 9));
	rvic_clear_masked(self, 7);
	rvic_expect_ack(7);

	rvic_clear_masked(self, 50);
	GUEST_SYNC(SYNC_FIRE0);
	rvic_expect_ack(50);

	/* The timer: low at RESAMPLE, then a new expiry, delivered once */
	timer_set_ctl(VIRTUAL, 0);
	rvic_resample(RVIC_VTIMER_INTID);
	GUEST_ASSERT(!rvic_is_pending(self, RVIC_VTIMER_INTID));
	rvic_clear_masked(self, RVIC_VTIMER_INTID);
	timer_set_cval(VIRTUAL, 0);
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
	guest_wait_ack(RVIC_VTIMER_INTID);
	timer_set_ctl(VIRTUAL, 0);
	rvic_resample(RVIC_VTIMER_INTID);
	GUEST_ASSERT_EQ(rvic_ack(), -1);
	GUEST_DONE();
}

static void guest_b1(void)
{
	uint64_t self = rvic_self();

	WRITE_ONCE(b1_started, 1);
	while (!READ_ONCE(b1_go))
		cpu_relax();
	rvic_expect_ack(60);
	GUEST_ASSERT_EQ(rvic_ack(), -1);
	GUEST_ASSERT(rvic_is_pending(self, 61));
	rvic_clear_masked(self, 51);
	rvic_expect_ack(51);		/* input 1, fired before this run */
	GUEST_DONE();
}

static struct kvm_vm *vm_a, *vm_b;
static uint32_t saved[STATE_WORDS];

static int state_fd(struct kvm_vm *vm, uint32_t nr_trusted, uint32_t nr_total, bool msi)
{
	uint64_t counts = RVIC_COUNTS(nr_trusted, nr_total), inputs = 8ULL << 32;
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);

	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &counts);
	if (msi)
		kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI,
				    KVM_DEV_ARM_RVIC_MSI_INPUTS, &inputs);
	/* Not offered before finalising */
	TEST_ASSERT(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_STATE,
					  KVM_DEV_ARM_RVIC_STATE) && errno == ENXIO,
		    "state offered before finalising");
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, KVM_DEV_ARM_RVIC_CTRL_INIT, NULL);
	return fd;
}

static struct kvm_vm *make_vm(int nr, void *code0, void *code1, struct kvm_vcpu **vcpus,
			      uint32_t nr_trusted, uint32_t nr_total, bool msi, int *fd)
{
	struct kvm_vm *vm = vm_create_with_vcpus(nr, code0, vcpus);

	if (nr > 1)
		vcpu_arch_set_entry_point(vcpus[1], code1);
	for (int i = 0; i < nr; i++)
		targets[i] = rvic_vcpu_target(vcpus[i]);
	*fd = state_fd(vm, nr_trusted, nr_total, msi);
	sync_global_to_guest(vm, targets);
	return vm;
}

static void get_state(int fd, uint32_t *buf)
{
	kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE, buf);
}

static void expect_bits(const uint32_t *words, const char *what, int vcpu,
			const int *set, int n)
{
	uint32_t want[NW] = { 0 };

	for (int i = 0; i < n; i++)
		want[set[i] / 32] |= 1U << (set[i] % 32);
	for (int w = 0; w < NW; w++)
		TEST_ASSERT(words[w] == want[w], "vCPU %d %s word %d: 0x%x, expected 0x%x",
			    vcpu, what, w, words[w], want[w]);
}

#define EXPECT_BITS(words, what, vcpu, ...)					\
	expect_bits(words, what, vcpu, (int[]){ __VA_ARGS__ },			\
		    sizeof((int[]){ __VA_ARGS__ }) / sizeof(int))

static void check_saved(const uint32_t *s)
{
	const uint32_t *r0 = s + REC(0), *r1 = s + REC(1);

	TEST_ASSERT(s[H_VERSION] == 1 && s[H_SIZE] == STATE_SIZE &&
		    s[H_NR_VCPUS] == NR_VCPUS && s[H_NR_TRUSTED] == RVIC_TEST_TRUSTED &&
		    s[H_NR_TOTAL] == RVIC_TEST_TOTAL && !s[H_MSI_BASE] && !s[H_MSI_COUNT] &&
		    !s[H_RESERVED] && !s[8] && !s[9],
		    "header: version %u size %u vcpus %u counts %u/%u msi %u+%u reserved %u",
		    s[H_VERSION], s[H_SIZE], s[H_NR_VCPUS], s[H_NR_TRUSTED], s[H_NR_TOTAL],
		    s[H_MSI_BASE], s[H_MSI_COUNT], s[H_RESERVED]);

	TEST_ASSERT(r0[R_FLAGS] == ST_ENABLED && r0[R_FIFO_LEN] == 4,
		    "vCPU 0: flags 0x%x fifo_len %u", r0[R_FLAGS], r0[R_FIFO_LEN]);
	for (int i = 0; i < RVIC_TEST_TOTAL; i++)
		TEST_ASSERT(r0[R_FIFO + i] == (i < 4 ? fifo_order[i] : 0),
			    "vCPU 0 FIFO[%d] = %u", i, r0[R_FIFO + i]);
	EXPECT_BITS(r0 + R_PENDING, "pending", 0, 3, 5, 7, 20, 40);
	EXPECT_BITS(r0 + R_UNMASKED, "unmasked", 0, 3, 5, 9, 20, 40);
	EXPECT_BITS(r0 + R_LEVEL, "level", 0, RVIC_VTIMER_INTID);
	EXPECT_BITS(r0 + R_ACTIVE, "active", 0, RVIC_VTIMER_INTID);

	TEST_ASSERT(r1[R_FLAGS] == ST_ENABLED && r1[R_FIFO_LEN] == 1 && r1[R_FIFO] == 60,
		    "vCPU 1: flags 0x%x fifo_len %u FIFO[0] %u",
		    r1[R_FLAGS], r1[R_FIFO_LEN], r1[R_FIFO]);
	EXPECT_BITS(r1 + R_PENDING, "pending", 1, 60, 61);
	EXPECT_BITS(r1 + R_UNMASKED, "unmasked", 1, 60);

	for (int i = 0; i < RVIC_TEST_UNTRUSTED; i++) {
		uint32_t want = i == 0 ? RVID_ENTRY(0, 50) : i == 1 ? RVID_ENTRY(1, 51) : 0;

		TEST_ASSERT(s[RVID + i] == want, "rVID input %d: 0x%x, expected 0x%x",
			    i, s[RVID + i], want);
	}
}

static int fd_a, fd_b;

static void on_sync_save(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint64_t size = 0;

	TEST_ASSERT(uc->args[1] == SYNC_SAVE, "unexpected sync %lu", uc->args[1]);
	kvm_device_attr_get(fd_a, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE_SIZE,
			    &size);
	TEST_ASSERT(size == STATE_SIZE, "state size %lu, the documentation says %u",
		    size, STATE_SIZE);
	get_state(fd_a, saved);
	check_saved(saved);
}

static void on_sync_b(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	switch (uc->args[1]) {
	case SYNC_FIRE0:
		rvic_fire_line(vm_b, 0);
		break;
	default:
		TEST_FAIL("unexpected sync %lu", uc->args[1]);
	}
}

static void *run_b1(void *arg)
{
	rvic_run_vcpu(arg, NULL);
	return NULL;
}

/* A set of @bad must fail with EINVAL and leave @fd's state as @before */
static void expect_refused(int fd, const uint32_t *before, uint32_t *bad, const char *what)
{
	static uint32_t after[STATE_WORDS];
	int ret;

	ret = __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE, bad);
	TEST_ASSERT(ret == -1 && errno == EINVAL, "%s: set returned %d errno %d, expected EINVAL",
		    what, ret, errno);
	get_state(fd, after);
	TEST_ASSERT(!memcmp(before, after, sizeof(after)), "%s: the refused set changed the state",
		    what);
}

struct corruption {
	const char *what;
	int word;
	uint32_t val;		/* written to @word ... */
	int word2;		/* ... and this one, if not 0 */
	uint32_t val2;
};

static void check_refusals(void)
{
	static uint32_t before[STATE_WORDS], bad[STATE_WORDS];
	const uint32_t *r0 = saved + REC(0);
	const struct corruption c[] = {
		{ "version 2", H_VERSION, 2 },
		{ "size + 4", H_SIZE, STATE_SIZE + 4 },
		{ "3 vCPUs", H_NR_VCPUS, 3 },
		{ "nr_trusted 64", H_NR_TRUSTED, 64 },
		{ "nr_total 128", H_NR_TOTAL, 128 },
		{ "an MSI range", H_MSI_COUNT, 8 },
		{ "reserved word", H_RESERVED, 1 },
		{ "unknown flag", REC(1) + R_FLAGS, ST_ENABLED | 2 },
		{ "FIFO longer than nr_total", REC(1) + R_FIFO_LEN, RVIC_TEST_TOTAL + 1 },
		{ "FIFO INTID out of range", REC(1) + R_FIFO, RVIC_TEST_TOTAL },
		{ "FIFO INTID not pending", REC(0) + R_FIFO + 3, 9 },
		{ "FIFO INTID masked", REC(0) + R_FIFO + 3, 7 },
		{ "FIFO INTID twice", REC(0) + R_FIFO + 3, 40 },
		{ "FIFO misses a deliverable INTID", REC(0) + R_FIFO_LEN, 3,
		  REC(0) + R_FIFO + 3, 0 },
		{ "non-zero word past the FIFO", REC(0) + R_FIFO + 4, 1 },
		{ "FIFO of a disabled instance", REC(1) + R_FLAGS, 0 },
		{ "level bit on an IPI", REC(1) + R_LEVEL, 1U << 3 },
		{ "level bit on an untrusted INTID", REC(1) + R_LEVEL + 1, 1 },
		{ "active bit on an untrusted INTID", REC(1) + R_ACTIVE + 2, 1U << 31 },
		{ "active bit on an IPI", REC(1) + R_ACTIVE, 1 },
		{ "rVID target vCPU 2 (none)", RVID + 5, RVID_ENTRY(2, 50) },
		{ "rVID trusted INTID", RVID + 5, RVID_ENTRY(0, 20) },
		{ "rVID INTID out of range", RVID + 5, RVID_ENTRY(0, RVIC_TEST_TOTAL) },
		{ "rVID entry without its valid bit", RVID + 5, 50 },
	};
	struct kvm_vcpu *vcpus[NR_VCPUS];
	struct kvm_vm *vm;
	int fd, ret;

	TEST_ASSERT(r0[R_FIFO + 3] == 5, "FIFO[3] of vCPU 0 is not 5");
	vm = make_vm(NR_VCPUS, guest_a0, guest_a1, vcpus, RVIC_TEST_TRUSTED,
		     RVIC_TEST_TOTAL, false, &fd);
	get_state(fd, before);
	for (size_t i = 0; i < ARRAY_SIZE(c); i++) {
		memcpy(bad, saved, sizeof(bad));
		bad[c[i].word] = c[i].val;
		if (c[i].word2)
			bad[c[i].word2] = c[i].val2;
		expect_refused(fd, before, bad, c[i].what);
	}
	/* And the untouched state is taken, as a control */
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE, saved);
	get_state(fd, bad);
	TEST_ASSERT(!memcmp(bad, saved, sizeof(bad)), "VM C: state differs after the control set");
	printf("refused, state unchanged: %zu inconsistent states\n", ARRAY_SIZE(c));
	close(fd);	/* it holds the VM too */
	kvm_vm_free(vm);

	/* Devices configured otherwise refuse the state as it is */
	for (int k = 0; k < 3; k++) {
		int nr = k == 2 ? 1 : NR_VCPUS;
		static const char *const what[] = { "nr_total 128", "an MSI range", "1 vCPU" };

		vm = make_vm(nr, guest_a0, guest_a1, vcpus, RVIC_TEST_TRUSTED,
			     k == 0 ? 128 : RVIC_TEST_TOTAL, k == 1, &fd);
		ret = __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_STATE,
					    KVM_DEV_ARM_RVIC_STATE, saved);
		TEST_ASSERT(ret == -1 && errno == EINVAL,
			    "a device with %s took the state: %d errno %d", what[k], ret, errno);
		close(fd);
		kvm_vm_free(vm);
	}
}

/* Both a get and a set (of A's state) of @fd must fail with @err */
static void expect_get_set_fail(int fd, int err, const char *when)
{
	static uint32_t buf[STATE_WORDS];
	int ret;

	ret = __kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE, buf);
	TEST_ASSERT(ret == -1 && errno == err, "get %s: %d errno %d, expected %d",
		    when, ret, errno, err);
	ret = __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE,
				    saved);
	TEST_ASSERT(ret == -1 && errno == err, "set %s: %d errno %d, expected %d",
		    when, ret, errno, err);
}

static void check_protected(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	uint64_t size;
	struct kvm_vm *vm;
	int fd, ret;

	vm = make_vm(NR_VCPUS, guest_a0, guest_a1, vcpus, RVIC_TEST_TRUSTED,
		     RVIC_TEST_TOTAL, false, &fd);
	ret = __kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE);
	TEST_ASSERT(ret == -1 && errno == ENXIO, "protected: has_attr %d errno %d", ret, errno);
	ret = __kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_STATE,
				    KVM_DEV_ARM_RVIC_STATE_SIZE, &size);
	TEST_ASSERT(ret == -1 && errno == ENXIO, "protected: get size %d errno %d", ret, errno);
	expect_get_set_fail(fd, ENXIO, "in protected mode");
	close(fd);	/* it holds the VM too */
	kvm_vm_free(vm);
	printf("protected mode: the state group is not offered (ENXIO for has, get and set)\n");
}

int main(void)
{
	struct kvm_vcpu *va[NR_VCPUS], *vb[NR_VCPUS];
	static uint32_t again[STATE_WORDS];
	pthread_t thread;
	uint64_t reg;

	rvic_require();
	if (rvic_protected_mode()) {
		check_protected();
		return 0;
	}

	vm_a = make_vm(NR_VCPUS, guest_a0, guest_a1, va, RVIC_TEST_TRUSTED,
		       RVIC_TEST_TOTAL, false, &fd_a);
	rvic_run_vcpu(va[1], NULL);
	rvic_run_vcpu(va[0], on_sync_save);
	printf("saved: %u bytes, checked field by field\n", STATE_SIZE);

	vm_b = make_vm(NR_VCPUS, guest_b0, guest_b1, vb, RVIC_TEST_TRUSTED,
		       RVIC_TEST_TOTAL, false, &fd_b);
	kvm_device_attr_set(fd_b, KVM_DEV_ARM_RVIC_GRP_STATE, KVM_DEV_ARM_RVIC_STATE, saved);
	get_state(fd_b, again);
	TEST_ASSERT(!memcmp(again, saved, sizeof(again)),
		    "the restored state, saved again, differs");
	vcpu_get_reg(va[0], KVM_REG_ARM_TIMER_CTL, &reg);
	TEST_ASSERT(reg & CTL_ENABLE, "A's timer not enabled: CTL 0x%lx", reg);
	vcpu_set_reg(vb[0], KVM_REG_ARM_TIMER_CTL, reg);
	vcpu_get_reg(va[0], KVM_REG_ARM_TIMER_CVAL, &reg);
	vcpu_set_reg(vb[0], KVM_REG_ARM_TIMER_CVAL, reg);
	close(fd_a);
	kvm_vm_free(vm_a);
	printf("restored into a new VM and saved again: the same bytes\n");

	/* While a vCPU runs: EBUSY */
	rvic_fire_line(vm_b, 1);
	pthread_create(&thread, NULL, run_b1, vb[1]);
	while (!READ_ONCE(*guest_global(vm_b, b1_started)))
		usleep(1000);
	expect_get_set_fail(fd_b, EBUSY, "while a vCPU runs");
	WRITE_ONCE(*guest_global(vm_b, b1_go), 1);
	pthread_join(thread, NULL);
	rvic_run_vcpu(vb[0], on_sync_b);
	printf("B acknowledged 40, 3, 20, 5, then 7, 50, 27 once; vCPU 1 60, 51\n");
	close(fd_b);
	kvm_vm_free(vm_b);

	check_refusals();
	return 0;
}
