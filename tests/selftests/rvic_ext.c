// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_ext - the calls of this implementation's ABI extension 1
 * ("Extension 1" in Documentation/virt/kvm/arm/rvic.rst), checked word for
 * word as rvic_hypercalls checks the 0.3 ones: x0, x1, x2 and x3 == 0.
 *
 * VM A (2 vCPUs, 32 trusted, 96 INTIDs, the extension offered as by
 * default): vCPU 0 walks tables of calls. Before RVIC_EXT_NEGOTIATE, and
 * after DISABLE, the extension's calls answer NOT_SUPPORTED as on a 0.3
 * hypervisor; NEGOTIATE's argument is checked as a 64-bit register; then
 * EXT_ACKNOWLEDGE masks only the level class (16 <= INTID < 32) and says
 * MORE exactly while something else is deliverable; EXT_EOI resamples,
 * unmasks and takes the next INTID in FIFO order, and every error leaves
 * the instance as it was; the 0.3 calls keep their behaviour next to it,
 * and vCPU 1, which never negotiates, sees only 0.3. The timer is ended by
 * EXT_EOI while still firing (pending again) and once stopped (not).
 *
 * In vhe and nvhe, the extension's calls are completed at EL2: the vCPU
 * stats show them there, not in the host. VM B hides the extension
 * (KVM_DEV_ARM_RVIC_CTRL_EXT = 0): NEGOTIATE is NOT_SUPPORTED too. The
 * attribute's own errors are checked on the way.
 */
#include "arch_timer.h"
#include "rvic_util.h"

#define T	RVIC_TEST_TRUSTED	/* 32 */
#define N	RVIC_TEST_TOTAL		/* 96 */

#define ME	0ULL
#define OTHER	1ULL
#define HI32	(1ULL << 32)
#define ALL1	(~0ULL)

#define EP(idx)		RVIC_ST(RVIC_ERROR_PARAMETER, idx)
#define DIS		RVIC_ST(RVIC_DISABLED, 0)
#define NOINT		RVIC_ST(RVIC_NO_INTERRUPTS, 0)
#define NOSUP		SMCCC_NOT_SUPPORTED
#define MASKED		RVIC_EXT_ACK_MASKED
#define MORE		RVIC_EXT_ACK_MORE
#define UNM		RVIC_EXT_EOI_UNMASK
#define NEXT		RVIC_EXT_EOI_ACK_NEXT

struct ext_case {
	uint32_t fn;
	uint64_t a1, a2;
	uint64_t x0, x1, x2;
};

#define C(f, _a1, _a2, _x0, _x1, _x2) \
	{ .fn = f, .a1 = _a1, .a2 = _a2, .x0 = _x0, .x1 = _x1, .x2 = _x2 }
#define NEG(v, x0, x1)	C(RVIC_EXT_NEGOTIATE, v, 0, x0, x1, 0)
#define XACK(i, f)	C(RVIC_EXT_ACKNOWLEDGE, 0, 0, RVIC_OK, i, f)
#define XACK_NONE	C(RVIC_EXT_ACKNOWLEDGE, 0, 0, NOINT, 0, 0)
#define XEOI(i, fl)	C(RVIC_EXT_EOI, i, fl, RVIC_OK, 0, 0)
#define XEOI_ACK(i, fl, n, f) C(RVIC_EXT_EOI, i, (fl) | NEXT, RVIC_OK, n, f)
#define XEOI_NONE(i, fl) C(RVIC_EXT_EOI, i, (fl) | NEXT, NOINT, 0, 0)
#define NS(f, a1, a2)	C(f, a1, a2, NOSUP, 0, 0)
#define SIG(i)		C(RVIC_SIGNAL, ME, i, RVIC_OK, 0, 0)
#define UNMASK(i)	C(RVIC_CLEAR_MASKED, ME, i, RVIC_OK, 0, 0)
#define MASK(i)		C(RVIC_SET_MASKED, ME, i, RVIC_OK, 0, 0)
#define ISP(i, v)	C(RVIC_IS_PENDING, ME, i, RVIC_OK, v, 0)
#define ACK(i)		C(RVIC_ACKNOWLEDGE, 0, 0, RVIC_OK, i, 0)
#define ACK_NONE	C(RVIC_ACKNOWLEDGE, 0, 0, NOINT, 0, 0)
#define ENABLE		C(RVIC_ENABLE, 0, 0, RVIC_OK, 0, 0)
#define DISABLE		C(RVIC_DISABLE, 0, 0, RVIC_OK, 0, 0)

/* Revision 0: what a 0.3 guest sees, whatever it passes */
static const struct ext_case rev0_cases[] = {
	NS(RVIC_EXT_ACKNOWLEDGE, 0, 0), NS(RVIC_EXT_ACKNOWLEDGE, ALL1, ALL1),
	NS(RVIC_EXT_EOI, 20, UNM), NS(RVIC_EXT_EOI, N, ALL1), NS(RVIC_EXT_EOI, ALL1, 0),
	/* NEGOTIATE's argument, a 64-bit register: refused, nothing set */
	NEG(0x10000, EP(0), 0), NEG(HI32 | 1, EP(0), 0), NEG(1ULL << 63, EP(0), 0),
	NEG(ALL1, EP(0), 0),
	NS(RVIC_EXT_ACKNOWLEDGE, 0, 0),
	NEG(0, RVIC_OK, 0),			/* asking for 0 is 0.3 */
	NS(RVIC_EXT_ACKNOWLEDGE, 0, 0),
	/* the instance is disabled: EXT_ACK says so once negotiated */
	NEG(1, RVIC_OK, 1),
	C(RVIC_EXT_ACKNOWLEDGE, 0, 0, DIS, 0, 0),
	C(RVIC_EXT_EOI, 20, UNM | NEXT, DIS, 0, 0),	/* the EOI part is done */
	XEOI(20, UNM),
	NEG(0xffff, RVIC_OK, 1),		/* the lower of the two */
	NEG(2, RVIC_OK, 1),
	ENABLE, XACK_NONE, XEOI_NONE(20, 0),
	/* DISABLE: back at revision 0 until asked again */
	DISABLE, NS(RVIC_EXT_ACKNOWLEDGE, 0, 0), NS(RVIC_EXT_EOI, 20, 0),
	ENABLE, NS(RVIC_EXT_ACKNOWLEDGE, 0, 0),
	NEG(1, RVIC_OK, 1), XACK_NONE,
	MASK(20),
};

static const struct ext_case ack_cases[] = {
	/* an IPI: taken unmasked, so a new edge is deliverable at once */
	UNMASK(5), SIG(5), ISP(5, 1), XACK(5, 0), ISP(5, 0), XACK_NONE,
	SIG(5), XACK(5, 0), XACK_NONE,
	/* MORE while something else is deliverable, in FIFO order */
	UNMASK(3), SIG(3), SIG(5), XACK(3, MORE), XACK(5, 0), XACK_NONE,
	/* the edges of the level class: 15 and 32 out, 16 and 31 in */
	UNMASK(15), UNMASK(16), UNMASK(31), UNMASK(32), UNMASK(N - 1),
	SIG(16), SIG(15), SIG(N - 1), SIG(31), SIG(32),
	XACK(16, MASKED | MORE), XACK(15, MORE), XACK(N - 1, MORE),
	XACK(31, MASKED | MORE), XACK(32, 0), XACK_NONE,
	SIG(15), SIG(16), SIG(31), SIG(32), SIG(N - 1),	/* 16, 31 masked now */
	XACK(15, MORE), XACK(32, MORE), XACK(N - 1, 0), XACK_NONE,
	ISP(16, 1), ISP(31, 1),
	/* EXT_EOI: unmasked, the pending 16 and 31 are deliverable again */
	XEOI(16, UNM), XEOI_ACK(31, UNM, 16, MASKED | MORE), XACK(31, MASKED), XACK_NONE,
	/* without UNMASK it stays masked */
	SIG(20), XEOI(20, 0), XACK_NONE, ISP(20, 1),
	/*
	 * FIFO order: 40 was deliverable before 20 is unmasked, so the EOI's
	 * acknowledge takes 40 first, then 20 (masked: level class).
	 */
	UNMASK(40), SIG(40), XEOI_ACK(20, UNM, 40, MORE), XACK(20, MASKED), XACK_NONE,
	XEOI_NONE(20, UNM), ISP(20, 0),
	/* the 0.3 calls next to it: ACKNOWLEDGE still masks everything */
	SIG(40), ACK(40), SIG(40), ACK_NONE, XACK_NONE, UNMASK(40), XACK(40, 0),
	SIG(20), ACK(20), XACK_NONE,
	/* an EXT_EOI of an untrusted INTID: no resample, an unmask */
	MASK(40), SIG(40), XACK_NONE, XEOI_ACK(40, UNM, 40, 0), XACK_NONE,
	MASK(3), MASK(5), MASK(15), MASK(16), MASK(31), MASK(32), MASK(40),
	MASK(N - 1),
};

/* Refused: checked before anything changes (20 pending, masked) */
static const struct ext_case error_cases[] = {
	SIG(20), ISP(20, 1),
	C(RVIC_EXT_EOI, N, UNM | NEXT, EP(0), 0, 0),
	C(RVIC_EXT_EOI, N + 1, 0, EP(0), 0, 0),
	C(RVIC_EXT_EOI, 2048, 0, EP(0), 0, 0),
	C(RVIC_EXT_EOI, HI32 | 20, UNM, EP(0), 0, 0),	/* not INTID 20 */
	C(RVIC_EXT_EOI, 1ULL << 63, UNM, EP(0), 0, 0),
	C(RVIC_EXT_EOI, ALL1, UNM, EP(0), 0, 0),
	C(RVIC_EXT_EOI, 20, 4, EP(1), 0, 0),
	C(RVIC_EXT_EOI, 20, 4 | UNM, EP(1), 0, 0),
	C(RVIC_EXT_EOI, 20, HI32 | UNM, EP(1), 0, 0),	/* not UNMASK */
	C(RVIC_EXT_EOI, 20, 1ULL << 63, EP(1), 0, 0),
	C(RVIC_EXT_EOI, 20, ALL1, EP(1), 0, 0),
	C(RVIC_EXT_EOI, N, ALL1, EP(0), 0, 0),		/* x1 first */
	C(RVIC_EXT_NEGOTIATE, 0x10000, 0, EP(0), 0, 0),	/* still at 1 */
	/* nothing changed: 20 pending, still masked; still revision 1 */
	XACK_NONE, ISP(20, 1), XEOI_ACK(20, UNM, 20, MASKED), XACK_NONE,
	/* the edges of the INTID space are valid */
	XEOI(0, 0), XEOI(T - 1, 0), XEOI(T, 0), XEOI(N - 1, 0), XACK_NONE,
	/* x2 and x3 in are ignored by EXT_ACKNOWLEDGE and NEGOTIATE */
	C(RVIC_EXT_ACKNOWLEDGE, ALL1, ALL1, NOINT, 0, 0),
	C(RVIC_EXT_NEGOTIATE, 1, ALL1, RVIC_OK, 1, 0),
};

/* IDs next to the extension's, and their SMC32 twins: unknown */
static const struct ext_case unknown_cases[] = {
	NS(RVIC_FN(0x7f), 0, 0), NS(RVIC_FN(0x83), 0, 0), NS(RVIC_FN(0x8f), 0, 0),
	NS(RVIC_EXT_NEGOTIATE & ~0x40000000U, 1, 0),
	NS(RVIC_EXT_ACKNOWLEDGE & ~0x40000000U, 0, 0),
	NS(RVIC_EXT_EOI & ~0x40000000U, 20, 0),
	XACK_NONE,
};

static int nr_checked;

static void run_case(const struct ext_case *c, const char *table, int i)
{
	struct arm_smccc_res r = rvic_call(c->fn, c->a1, c->a2, 0);

	__GUEST_ASSERT(r.a0 == c->x0 && r.a1 == c->x1 && r.a2 == c->x2 && !r.a3,
		       "%s[%d]: fn 0x%x (0x%lx, 0x%lx): x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx, expected 0x%lx 0x%lx 0x%lx 0",
		       table, i, c->fn, c->a1, c->a2, r.a0, r.a1, r.a2, r.a3,
		       c->x0, c->x1, c->x2);
	nr_checked++;
}

#define RUN_TABLE(t) do {						\
	int __n = nr_checked;						\
									\
	for (int __i = 0; __i < (int)ARRAY_SIZE(t); __i++)		\
		run_case(&(t)[__i], #t, __i);				\
	GUEST_PRINTF("%-16s %3d calls ok\n", #t, nr_checked - __n);	\
} while (0)

/* EXT_ACKNOWLEDGE until @intid comes, for up to a second */
static uint64_t ext_wait(uint64_t intid)
{
	uint64_t end = rvic_guest_now_us() + 1000000;
	struct arm_smccc_res r;

	do {
		r = rvic_call(RVIC_EXT_ACKNOWLEDGE, 0, 0, 0);
		if (r.a0 == RVIC_OK) {
			__GUEST_ASSERT(r.a1 == intid, "took %lu waiting for %lu", r.a1, intid);
			return r.a2;
		}
		__GUEST_ASSERT(r.a0 == NOINT, "EXT_ACKNOWLEDGE: x0 0x%lx", r.a0);
	} while (rvic_guest_now_us() < end);
	GUEST_FAIL("INTID %lu not delivered within a second", intid);
	return 0;
}

/* The timer, a level source, ended by EXT_EOI */
static void timer_cases(void)
{
	struct arm_smccc_res r;

	rvic_clear_masked(ME, RVIC_VTIMER_INTID);
	timer_set_cval(VIRTUAL, 0);
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
	GUEST_ASSERT_EQ(ext_wait(RVIC_VTIMER_INTID), MASKED);
	/* still firing: the resample makes it pending, the unmask deliverable */
	r = rvic_call(RVIC_EXT_EOI, RVIC_VTIMER_INTID, UNM | NEXT, 0);
	__GUEST_ASSERT(r.a0 == RVIC_OK && r.a1 == RVIC_VTIMER_INTID && r.a2 == MASKED && !r.a3,
		       "EOI of a firing timer: x0 0x%lx x1 0x%lx x2 0x%lx", r.a0, r.a1, r.a2);
	/* stopped: low at the resample, nothing comes */
	timer_set_ctl(VIRTUAL, 0);
	r = rvic_call(RVIC_EXT_EOI, RVIC_VTIMER_INTID, UNM | NEXT, 0);
	__GUEST_ASSERT(r.a0 == NOINT && !r.a1 && !r.a2 && !r.a3,
		       "EOI of a stopped timer: x0 0x%lx x1 0x%lx x2 0x%lx", r.a0, r.a1, r.a2);
	GUEST_ASSERT(!rvic_is_pending(ME, RVIC_VTIMER_INTID));
	rvic_set_masked(ME, RVIC_VTIMER_INTID);
	nr_checked += 3;
	GUEST_PRINTF("%-16s %3d calls ok\n", "timer_cases", 3);
}

#define NR_LOOP		100

enum { SYNC_STATS = 1, SYNC_RUN_VCPU1 };

static void guest_code(void)
{
	RUN_TABLE(rev0_cases);
	RUN_TABLE(ack_cases);
	RUN_TABLE(error_cases);
	RUN_TABLE(unknown_cases);
	timer_cases();
	GUEST_SYNC(SYNC_RUN_VCPU1);

	/* Where they are completed: the host compares the stats */
	GUEST_SYNC(SYNC_STATS);
	for (int i = 0; i < NR_LOOP; i++) {
		rvic_expect(RVIC_EXT_ACKNOWLEDGE, 0, 0, 0, NOINT);
		rvic_ok(RVIC_EXT_EOI, 20, UNM, 0);
	}
	GUEST_SYNC(SYNC_STATS);
	GUEST_PRINTF("total: %d calls checked\n", nr_checked);
	GUEST_DONE();
}

/* vCPU 1 never negotiates: 0.3 only, whatever vCPU 0 did */
static void guest_vcpu1(void)
{
	rvic_enable();
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_ACKNOWLEDGE, 0, 0, 0).a0, NOSUP);
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_EOI, 20, UNM, 0).a0, NOSUP);
	rvic_clear_masked(OTHER, 5);
	rvic_signal(OTHER, 5);
	rvic_expect_ack(5);
	rvic_signal(OTHER, 5);
	rvic_expect_ack(-1);		/* ACKNOWLEDGE masked it */
	rvic_clear_pending(OTHER, 5);
	GUEST_DONE();
}

static struct kvm_vcpu *vcpu1;
static uint64_t el2_before, host_before;
static int nr_stats;

static void host_step(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint64_t el2 = rvic_vcpu_stat(vcpu, "rvic_el2_calls");
	uint64_t host = rvic_vcpu_stat(vcpu, "rvic_host_calls");

	switch (uc->args[1]) {
	case SYNC_RUN_VCPU1:
		rvic_run_vcpu(vcpu1, NULL);
		return;
	case SYNC_STATS:
		break;
	default:
		TEST_FAIL("unexpected sync %lu", uc->args[1]);
	}
	if (!nr_stats++) {
		el2_before = el2;
		host_before = host;
		return;
	}
	el2 -= el2_before;
	host -= host_before;
	TEST_ASSERT(el2 == 2 * NR_LOOP && !host,
		    "%lu calls at EL2, %lu in the host; expected %d, 0",
		    el2, host, 2 * NR_LOOP);
	ksft_print_msg("%d extension calls completed at EL2\n", 2 * NR_LOOP);
}

static int ext_attr(int fd, bool set, uint64_t *val)
{
	return set ? __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					   KVM_DEV_ARM_RVIC_CTRL_EXT, val) :
		     __kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					   KVM_DEV_ARM_RVIC_CTRL_EXT, val);
}

/* The rVIC device with the extension offered up to @rev (-1: default) */
static int setup(struct kvm_vm *vm, int rev)
{
	uint64_t counts = RVIC_COUNTS(T, N), val = 0;
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), ret;

	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &counts);
	TEST_ASSERT(!__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					   KVM_DEV_ARM_RVIC_CTRL_EXT),
		    "CTRL_EXT not offered");
	TEST_ASSERT(!ext_attr(fd, false, &val) && val == 1,
		    "CTRL_EXT: default %lu, the documentation says 1", val);
	val = 2;
	ret = ext_attr(fd, true, &val);
	TEST_ASSERT(ret == -1 && errno == EINVAL, "CTRL_EXT = 2: %d errno %d", ret, errno);
	val = HI32;
	ret = ext_attr(fd, true, &val);
	TEST_ASSERT(ret == -1 && errno == EINVAL, "CTRL_EXT = 2^32: %d errno %d", ret, errno);
	if (rev >= 0) {
		val = rev;
		TEST_ASSERT(!ext_attr(fd, true, &val), "CTRL_EXT = %d: errno %d", rev, errno);
	}
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, KVM_DEV_ARM_RVIC_CTRL_INIT, NULL);
	val = 1;
	ret = ext_attr(fd, true, &val);
	TEST_ASSERT(ret == -1 && errno == EBUSY, "CTRL_EXT after INIT: %d errno %d", ret, errno);
	TEST_ASSERT(!ext_attr(fd, false, &val) && val == (rev < 0 ? 1 : (uint64_t)rev),
		    "CTRL_EXT reads %lu after INIT", val);
	return fd;
}

static void test_offered(void)
{
	struct kvm_vcpu *vcpus[2];
	struct kvm_vm *vm;
	int fd;

	vm = vm_create_with_vcpus(2, guest_code, vcpus);
	vcpu_arch_set_entry_point(vcpus[1], guest_vcpu1);
	vcpu1 = vcpus[1];
	TEST_ASSERT(rvic_vcpu_target(vcpus[0]) == ME && rvic_vcpu_target(vcpus[1]) == OTHER,
		    "unexpected MPIDRs");
	fd = setup(vm, -1);
	rvic_run_vcpu(vcpus[0], host_step);
	TEST_ASSERT(nr_stats == 2, "the guest stopped early");
	close(fd);
	kvm_vm_free(vm);
}

/* Hidden: the guest sees a 0.3 rVIC, which has none of the three calls */
static void guest_hidden(void)
{
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_NEGOTIATE, 1, 0, 0).a0, NOSUP);
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_NEGOTIATE, 0, 0, 0).a0, NOSUP);
	rvic_enable();
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_ACKNOWLEDGE, 0, 0, 0).a0, NOSUP);
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_EOI, 20, UNM | NEXT, 0).a0, NOSUP);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_VERSION, 0, 0, 0), RVIC_VERSION_0_3);
	rvic_clear_masked(ME, 5);
	rvic_signal(ME, 5);
	rvic_expect_ack(5);
	GUEST_DONE();
}

static void test_hidden(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int fd;

	vm = vm_create_with_one_vcpu(&vcpu, guest_hidden);
	fd = setup(vm, 0);
	rvic_run_vcpu(vcpu, NULL);
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("CTRL_EXT = 0: the guest sees a 0.3 rVIC\n");
}

int main(void)
{
	rvic_require();

	test_offered();
	test_hidden();
	ksft_print_msg("rvic_ext: all checks passed\n");
	return 0;
}
