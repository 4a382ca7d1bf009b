/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rvic_util.h - shared helpers of the rVIC/rVID KVM selftests.
 *
 * The ABI constants below are written down from the rVIC/rVID spec
 * (Documentation/virt/kvm/arm/rvic.rst), on purpose not taken from the
 * kernel's <linux/irqchip/irq-rvic.h>: the tests check the kernel against
 * the document, not against itself.
 *
 * Guest side: rvic_call() and thin wrappers that assert the status word.
 * Host side: probing (SKIP without an rVIC), device set-up, vCPU MPIDRs,
 * and a per-vCPU thread runner that dispatches ucalls.
 */
#ifndef SELFTEST_KVM_RVIC_UTIL_H
#define SELFTEST_KVM_RVIC_UTIL_H

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <asm/kvm.h>
#include <linux/kvm.h>

#include "kvm_util.h"
#include "processor.h"
#include "test_util.h"
#include "ucall_common.h"

/* ---- ABI (from the spec) ------------------------------------------------ */

#define RVIC_FN(n)		(0xC5000200U + (n))
#define RVID_FN(n)		(0xC5000100U + (n))

#define RVIC_VERSION		RVIC_FN(0)
#define RVIC_INFO		RVIC_FN(1)
#define RVIC_ENABLE		RVIC_FN(2)
#define RVIC_DISABLE		RVIC_FN(3)
#define RVIC_SET_MASKED		RVIC_FN(4)
#define RVIC_CLEAR_MASKED	RVIC_FN(5)
#define RVIC_IS_PENDING		RVIC_FN(6)
#define RVIC_SIGNAL		RVIC_FN(7)
#define RVIC_CLEAR_PENDING	RVIC_FN(8)
#define RVIC_ACKNOWLEDGE	RVIC_FN(9)
#define RVIC_RESAMPLE		RVIC_FN(10)
#define RVIC_NR_FNS		11

/* This implementation's extension 1 ("Extension 1" in the spec) */
#define RVIC_EXT_NEGOTIATE	RVIC_FN(0x80)
#define RVIC_EXT_ACKNOWLEDGE	RVIC_FN(0x81)
#define RVIC_EXT_EOI		RVIC_FN(0x82)
#define RVIC_EXT_NR_FNS		3
#define RVIC_EXT_ACK_MASKED	1ULL	/* x2 out of EXT_ACKNOWLEDGE */
#define RVIC_EXT_ACK_MORE	2ULL
#define RVIC_EXT_EOI_UNMASK	1ULL	/* x2 in of EXT_EOI */
#define RVIC_EXT_EOI_ACK_NEXT	2ULL

#define RVID_VERSION		RVID_FN(0)
#define RVID_MAP		RVID_FN(1)
#define RVID_UNMAP		RVID_FN(2)
#define RVID_NR_FNS		3

/* Status word: reason in [7:0], index of the faulty argument in [15:8] */
#define RVIC_SUCCESS		0
#define RVIC_ERROR_PARAMETER	1
#define RVIC_INVALID_CPU	2
#define RVIC_DISABLED		3
#define RVIC_NO_INTERRUPTS	4
#define RVIC_ST(reason, idx)	((uint64_t)(reason) | ((uint64_t)(idx) << 8))
#define RVIC_OK			RVIC_ST(RVIC_SUCCESS, 0)

/* SMCCC "not supported", as a 64-bit x0 */
#define SMCCC_NOT_SUPPORTED	((uint64_t)-1)

#define RVIC_VERSION_0_3	0x00000003ULL

#define RVIC_INFO_NR_TRUSTED	0
#define RVIC_INFO_NR_UNTRUSTED	1

#define RVIC_NR_IPIS		16
#define RVIC_VTIMER_INTID	27

/* A target is MPIDR_EL1 restricted to the affinity fields */
#define RVIC_MPIDR_AFF_MASK	0xff00ffffffULL

/* The counts most tests use: 32 trusted, 64 untrusted (= rVID inputs) */
#define RVIC_TEST_TRUSTED	32
#define RVIC_TEST_TOTAL		96
#define RVIC_TEST_UNTRUSTED	(RVIC_TEST_TOTAL - RVIC_TEST_TRUSTED)

/* uapi, in case the headers predate the rVIC (the test then SKIPs) */
#ifndef KVM_DEV_ARM_RVIC_GRP_NR_IRQS
#define KVM_DEV_ARM_RVIC_GRP_NR_IRQS	0
#define KVM_DEV_ARM_RVIC_GRP_CTRL	1
#define KVM_DEV_ARM_RVIC_CTRL_INIT	0
#endif
#ifndef KVM_DEV_ARM_RVIC_CTRL_EXT
#define KVM_DEV_ARM_RVIC_CTRL_EXT	1
#endif
#ifndef KVM_DEV_TYPE_ARM_RVIC
#define KVM_DEV_TYPE_ARM_RVIC		(KVM_DEV_TYPE_RISCV_AIA + 1)
#endif

#define RVIC_COUNTS(trusted, total)	((uint64_t)(trusted) | ((uint64_t)(total) << 32))

/* KVM_IRQ_LINE's irq field for rVID input @input */
#define RVIC_IRQ_LINE_INPUT(input)					\
	((KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT) | (input))

/* ---- guest side ----------------------------------------------------------- */

static inline struct arm_smccc_res rvic_call(uint32_t fn, uint64_t a1,
					     uint64_t a2, uint64_t a3)
{
	struct arm_smccc_res res;

	smccc_hvc(fn, a1, a2, a3, 0, 0, 0, 0, &res);
	return res;
}

/* Call @fn, assert x0 == @status and x2 == x3 == 0, return x1 */
#define rvic_expect(_fn, _a1, _a2, _a3, _status) ({			\
	struct arm_smccc_res __r = rvic_call(_fn, _a1, _a2, _a3);	\
									\
	__GUEST_ASSERT(__r.a0 == (_status) && !__r.a2 && !__r.a3,	\
		       "fn 0x%x (0x%lx, 0x%lx, 0x%lx): x0 0x%lx (want 0x%lx) x2 0x%lx x3 0x%lx", \
		       (uint32_t)(_fn), (uint64_t)(_a1), (uint64_t)(_a2),	\
		       (uint64_t)(_a3), __r.a0, (uint64_t)(_status), __r.a2, __r.a3); \
	__r.a1;								\
})

#define rvic_ok(_fn, _a1, _a2, _a3)	rvic_expect(_fn, _a1, _a2, _a3, RVIC_OK)

static inline uint64_t rvic_self(void)
{
	return read_sysreg(mpidr_el1) & RVIC_MPIDR_AFF_MASK;
}

static inline void rvic_enable(void)
{
	rvic_ok(RVIC_ENABLE, 0, 0, 0);
}

static inline void rvic_disable(void)
{
	rvic_ok(RVIC_DISABLE, 0, 0, 0);
}

static inline void rvic_set_masked(uint64_t target, uint64_t intid)
{
	rvic_ok(RVIC_SET_MASKED, target, intid, 0);
}

static inline void rvic_clear_masked(uint64_t target, uint64_t intid)
{
	rvic_ok(RVIC_CLEAR_MASKED, target, intid, 0);
}

static inline bool rvic_is_pending(uint64_t target, uint64_t intid)
{
	uint64_t v = rvic_ok(RVIC_IS_PENDING, target, intid, 0);

	__GUEST_ASSERT(v <= 1, "IS_PENDING returned x1 = 0x%lx", v);
	return v;
}

static inline void rvic_signal(uint64_t target, uint64_t intid)
{
	rvic_ok(RVIC_SIGNAL, target, intid, 0);
}

static inline void rvic_clear_pending(uint64_t target, uint64_t intid)
{
	rvic_ok(RVIC_CLEAR_PENDING, target, intid, 0);
}

static inline void rvic_resample(uint64_t intid)
{
	rvic_ok(RVIC_RESAMPLE, intid, 0, 0);
}

static inline void rvid_map(uint64_t input, uint64_t target, uint64_t intid)
{
	rvic_ok(RVID_MAP, input, target, intid);
}

static inline void rvid_unmap(uint64_t input)
{
	rvic_ok(RVID_UNMAP, input, 0, 0);
}

/*
 * ACKNOWLEDGE: returns the INTID taken, or -1 for NO_INTERRUPTS. Any
 * other status (DISABLED) fails the test.
 */
static inline int64_t rvic_ack(void)
{
	struct arm_smccc_res r = rvic_call(RVIC_ACKNOWLEDGE, 0, 0, 0);

	if (r.a0 == RVIC_ST(RVIC_NO_INTERRUPTS, 0)) {
		__GUEST_ASSERT(!r.a1 && !r.a2 && !r.a3,
			       "NO_INTERRUPTS with x1 0x%lx x2 0x%lx x3 0x%lx",
			       r.a1, r.a2, r.a3);
		return -1;
	}
	__GUEST_ASSERT(r.a0 == RVIC_OK && !r.a2 && !r.a3,
		       "ACKNOWLEDGE: x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx",
		       r.a0, r.a1, r.a2, r.a3);
	return r.a1;
}

static inline void rvic_expect_ack(int64_t intid)
{
	int64_t got = rvic_ack();

	__GUEST_ASSERT(got == intid, "ACKNOWLEDGE took %ld, expected %ld", got, intid);
}

/* Spin for about @us microseconds of virtual counter time */
static inline void rvic_guest_udelay(uint64_t us)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t end;

	isb();
	end = read_sysreg(cntvct_el0) + freq * us / 1000000;
	do {
		isb();
	} while (read_sysreg(cntvct_el0) < end);
}

static inline uint64_t rvic_guest_now_us(void)
{
	isb();
	return read_sysreg(cntvct_el0) * 1000000 / read_sysreg(cntfrq_el0);
}

/* ---- host side -------------------------------------------------------------- */

/* SKIP (exit 4) unless KVM offers the rVIC device type */
static inline void rvic_require(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int ret = __kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);

	kvm_vm_free(vm);
	TEST_REQUIRE(!ret);
}

/* Create the rVIC device, set the counts and finalise. Returns the fd. */
static inline int rvic_setup(struct kvm_vm *vm, uint32_t nr_trusted,
			     uint32_t nr_total)
{
	uint64_t counts = RVIC_COUNTS(nr_trusted, nr_total);
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);

	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &counts);
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
			    KVM_DEV_ARM_RVIC_CTRL_INIT, NULL);
	return fd;
}

static inline uint64_t rvic_vcpu_target(struct kvm_vcpu *vcpu)
{
	uint64_t mpidr;

	vcpu_get_reg(vcpu, KVM_ARM64_SYS_REG(SYS_MPIDR_EL1), &mpidr);
	return mpidr & RVIC_MPIDR_AFF_MASK;
}

/*
 * @nr vCPUs running @guest_code, with exception tables and @handler for
 * IRQs, each one's rVIC target (MPIDR) in @targets, and an rVIC device
 * with the tests' usual counts, finalised.
 */
static inline struct kvm_vm *rvic_vm_create(int nr, void *guest_code,
					    struct kvm_vcpu **vcpus,
					    uint64_t *targets,
					    handler_fn handler)
{
	struct kvm_vm *vm = vm_create_with_vcpus(nr, guest_code, vcpus);

	vm_init_descriptor_tables(vm);
	for (int i = 0; i < nr; i++) {
		vcpu_init_descriptor_tables(vcpus[i]);
		targets[i] = rvic_vcpu_target(vcpus[i]);
	}
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, handler);
	return vm;
}

/* One eventfd per GSI 0..@n-1 (routed to rVID input i), as irqfds */
static inline void rvic_irqfds(struct kvm_vm *vm, int *fds, int n)
{
	for (int i = 0; i < n; i++) {
		struct kvm_irqfd irqfd = { .gsi = i };

		fds[i] = eventfd(0, 0);
		TEST_ASSERT(fds[i] >= 0, "eventfd");
		irqfd.fd = fds[i];
		vm_ioctl(vm, KVM_IRQFD, &irqfd);
	}
}

/* Fire rVID input @input once through KVM_IRQ_LINE (level 1, then 0) */
static inline void rvic_fire_line(struct kvm_vm *vm, uint32_t input)
{
	kvm_irq_line(vm, RVIC_IRQ_LINE_INPUT(input), 1);
	kvm_irq_line(vm, RVIC_IRQ_LINE_INPUT(input), 0);
}

/*
 * Run a vCPU until GUEST_DONE, handing every GUEST_SYNC to @on_sync (may
 * be NULL) and printing GUEST_PRINTF output. A guest assertion or an
 * unexpected exception fails the test.
 */
typedef void (*rvic_sync_fn)(struct kvm_vcpu *vcpu, struct ucall *uc);

static inline void rvic_run_vcpu(struct kvm_vcpu *vcpu, rvic_sync_fn on_sync)
{
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			if (on_sync)
				on_sync(vcpu, &uc);
			break;
		case UCALL_PRINTF:
			printf("vcpu %u: %s", vcpu->id, uc.buffer);
			fflush(stdout);
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		case UCALL_DONE:
			return;
		case UCALL_UNHANDLED:
			TEST_FAIL("vcpu %u: unexpected exception, vector 0x%lx ec 0x%lx",
				  vcpu->id, uc.args[0], uc.args[1]);
			break;
		default:
			TEST_FAIL("vcpu %u: unexpected exit %s (ucall %lu)", vcpu->id,
				  exit_reason_str(vcpu->run->exit_reason), uc.cmd);
		}
	}
}

struct rvic_vcpu_thread {
	pthread_t thread;
	struct kvm_vcpu *vcpu;
	rvic_sync_fn on_sync;
};

static inline void *rvic_vcpu_thread_fn(void *arg)
{
	struct rvic_vcpu_thread *t = arg;

	rvic_run_vcpu(t->vcpu, t->on_sync);
	return NULL;
}

/* Run @nr vCPUs, one thread each, until they are all done */
static inline void rvic_run_vcpus(struct kvm_vcpu **vcpus, int nr,
				  rvic_sync_fn on_sync)
{
	struct rvic_vcpu_thread t[8];
	int i;

	TEST_ASSERT(nr <= (int)ARRAY_SIZE(t), "too many vCPUs");
	for (i = 0; i < nr; i++) {
		t[i] = (struct rvic_vcpu_thread){ .vcpu = vcpus[i], .on_sync = on_sync };
		pthread_create(&t[i].thread, NULL, rvic_vcpu_thread_fn, &t[i]);
	}
	for (i = 0; i < nr; i++)
		pthread_join(t[i].thread, NULL);
}

/* Is the host in protected mode (kvm-arm.mode=protected)? */
static inline bool rvic_protected_mode(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	return strstr(line, "kvm-arm.mode=protected");
}

/* The value of @vcpu's KVM statistic @name (binary stats), which must exist */
static inline uint64_t rvic_vcpu_stat(struct kvm_vcpu *vcpu, const char *name)
{
	int fd = vcpu_get_stats_fd(vcpu);
	struct kvm_stats_header header;
	struct kvm_stats_desc *all, *d = NULL;
	uint64_t val;

	read_stats_header(fd, &header);
	all = read_stats_descriptors(fd, &header);
	for (uint32_t i = 0; i < header.num_desc && !d; i++) {
		d = get_stats_descriptor(all, i, &header);
		if (strcmp(d->name, name))
			d = NULL;
	}
	TEST_ASSERT(d, "no vCPU stat %s", name);
	read_stat_data(fd, &header, d, &val, 1);
	free(all);
	close(fd);
	return val;
}

/* A host pointer to the guest's copy of global @g */
#define guest_global(vm, g)	((typeof(&(g)))addr_gva2hva(vm, (vm_vaddr_t)&(g)))

/*
 * Read the VM's debugfs rvic-state into @buf. Returns the length, or -1
 * when debugfs or the file is not there.
 */
static inline int rvic_read_state(struct kvm_vm *vm, char *buf, size_t size)
{
	char path[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/sys/kernel/debug/kvm/%d-%d/rvic-state",
		 getpid(), vm->fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	return n;
}

static inline void rvic_dump_state(struct kvm_vm *vm)
{
	static char buf[16384];

	if (rvic_read_state(vm, buf, sizeof(buf)) >= 0)
		fprintf(stderr, "rvic-state:\n%s", buf);
}

/*
 * Watchdog: fail the test with the rVIC state when *@progress has not
 * moved for @secs seconds (a lost interrupt would otherwise hang the
 * guest in WFI until the suite's timeout). Stops when *@stop is set.
 */
struct rvic_watchdog {
	pthread_t thread;
	struct kvm_vm *vm;
	volatile int *progress;
	volatile int *phase;		/* optional: reported on failure */
	volatile int stop;
	int secs;
	const char *what;
};

static inline void *rvic_watchdog_fn(void *arg)
{
	struct rvic_watchdog *w = arg;
	int last = -1, idle = 0;

	while (!w->stop) {
		int now = READ_ONCE(*w->progress);

		idle = now == last ? idle + 1 : 0;
		last = now;
		if (idle >= w->secs * 10) {
			rvic_dump_state(w->vm);
			TEST_FAIL("no progress for %ds (%s, progress %d, phase %d)",
				  w->secs, w->what, now, w->phase ? *w->phase : -1);
		}
		usleep(100 * 1000);
	}
	return NULL;
}

static inline void rvic_watchdog_start(struct rvic_watchdog *w, struct kvm_vm *vm,
				       volatile int *progress, int secs,
				       const char *what)
{
	*w = (struct rvic_watchdog){ .vm = vm, .progress = progress,
				     .secs = secs, .what = what };
	pthread_create(&w->thread, NULL, rvic_watchdog_fn, w);
}

static inline void rvic_watchdog_stop(struct rvic_watchdog *w)
{
	w->stop = 1;
	pthread_join(w->thread, NULL);
}

#endif /* SELFTEST_KVM_RVIC_UTIL_H */
