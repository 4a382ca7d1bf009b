// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_hypercalls - every rVIC and rVID call, its success path and every
 * error path, checked word for word: the status (reason in bits 7:0, index
 * of the faulty argument in bits 15:8), x1, and x2 == x3 == 0.
 *
 * A 2-vCPU VM with an rVIC (32 trusted, 96 INTIDs in total, so 64 rVID
 * inputs). vCPU 0 walks a table of calls; a few steps ask the host to fire
 * an rVID input or to run vCPU 1 (which enables its own instance), so
 * that remote and rVID paths are exercised too. Then VMs without an rVIC
 * (no irqchip, and a GICv3 if KVM has one) must answer NOT_SUPPORTED.
 */
#include "rvic_util.h"
#include "vgic.h"

#define T	RVIC_TEST_TRUSTED	/* 32 */
#define N	RVIC_TEST_TOTAL		/* 96 */
#define U	RVIC_TEST_UNTRUSTED	/* 64 */

/* Targets: the affinity of vCPU 0 and 1, checked by the host */
#define ME	0ULL
#define OTHER	1ULL
#define NOCPU	2ULL

#define HI32	(1ULL << 32)
#define ALL1	(~0ULL)

#define EP(idx)		RVIC_ST(RVIC_ERROR_PARAMETER, idx)
#define BADCPU(idx)	RVIC_ST(RVIC_INVALID_CPU, idx)
#define DIS		RVIC_ST(RVIC_DISABLED, 0)
#define NOINT		RVIC_ST(RVIC_NO_INTERRUPTS, 0)
#define NOSUP		SMCCC_NOT_SUPPORTED

/* Pseudo function IDs: steps done by the host */
#define HOST_FIRE	1	/* fire rVID input a1 with KVM_IRQ_LINE */
#define HOST_RUN_VCPU1	2	/* run vCPU 1: it enables its instance */

struct hc_case {
	uint32_t fn;
	uint64_t a1, a2, a3;
	uint64_t x0, x1;
	bool any_x1;		/* NOT_SUPPORTED: x1..x3 not checked */
};

#define C(f, _a1, _a2, _a3, _x0, _x1) \
	{ .fn = f, .a1 = _a1, .a2 = _a2, .a3 = _a3, .x0 = _x0, .x1 = _x1 }
#define NS(f)		{ .fn = f, .a1 = 1, .a2 = 2, .a3 = 3, .x0 = NOSUP, .any_x1 = true }
#define HOST(kind, arg)	{ .fn = kind, .a1 = arg }

/* Shorthands for the (target, intid) calls */
#define MASK(t, i)	C(RVIC_SET_MASKED, t, i, 0, RVIC_OK, 0)
#define UNMASK(t, i)	C(RVIC_CLEAR_MASKED, t, i, 0, RVIC_OK, 0)
#define SIG(t, i)	C(RVIC_SIGNAL, t, i, 0, RVIC_OK, 0)
#define CLRP(t, i)	C(RVIC_CLEAR_PENDING, t, i, 0, RVIC_OK, 0)
#define ISP(t, i, v)	C(RVIC_IS_PENDING, t, i, 0, RVIC_OK, v)
#define ACK(i)		C(RVIC_ACKNOWLEDGE, 0, 0, 0, RVIC_OK, i)
#define ACK_NONE	C(RVIC_ACKNOWLEDGE, 0, 0, 0, NOINT, 0)

/* Instance bring-up, VERSION, INFO, the disabled instance */
static const struct hc_case basic_cases[] = {
	C(RVIC_VERSION, 0, 0, 0, RVIC_OK, RVIC_VERSION_0_3),
	C(RVIC_VERSION, ALL1, ALL1, ALL1, RVIC_OK, RVIC_VERSION_0_3),
	C(RVID_VERSION, 0, 0, 0, RVIC_OK, RVIC_VERSION_0_3),
	C(RVID_VERSION, ALL1, ALL1, ALL1, RVIC_OK, RVIC_VERSION_0_3),
	C(RVIC_INFO, RVIC_INFO_NR_TRUSTED, 0, 0, RVIC_OK, T),
	C(RVIC_INFO, RVIC_INFO_NR_UNTRUSTED, 0, 0, RVIC_OK, U),
	C(RVIC_INFO, 2, 0, 0, EP(0), 0),
	C(RVIC_INFO, HI32, 0, 0, EP(0), 0),		/* not key 0 */
	C(RVIC_INFO, HI32 | 1, 0, 0, EP(0), 0),	/* not key 1 */
	C(RVIC_INFO, ALL1, 0, 0, EP(0), 0),
	/* Reset state: disabled, all masked, nothing pending */
	C(RVIC_ACKNOWLEDGE, 0, 0, 0, DIS, 0),
	C(RVIC_SIGNAL, ME, 5, 0, DIS, 0),
	C(RVIC_SIGNAL, OTHER, 5, 0, DIS, 0),
	C(RVIC_SIGNAL, OTHER, N, 0, EP(1), 0),	/* intid checked first */
	C(RVIC_SIGNAL, NOCPU, 5, 0, BADCPU(0), 0),
	ISP(ME, 5, 0),
	ISP(OTHER, 5, 0),
	C(RVIC_RESAMPLE, 0, 0, 0, RVIC_OK, 0),
	C(RVIC_ENABLE, 0, 0, 0, RVIC_OK, 0),
	C(RVIC_ENABLE, ALL1, ALL1, ALL1, RVIC_OK, 0),	/* idempotent */
	ACK_NONE,
	C(RVIC_SIGNAL, OTHER, 5, 0, DIS, 0),	/* vCPU 1 still disabled */
	HOST(HOST_RUN_VCPU1, 0),
	SIG(OTHER, 5),
	ISP(OTHER, 5, 1),
	CLRP(OTHER, 5),
	ISP(OTHER, 5, 0),
	UNMASK(OTHER, 6),
	MASK(OTHER, 6),
};

/* Bad (target, intid) pairs, tried with each of the five target calls */
static const struct {
	uint64_t target, intid, x0;
} bad_target_args[] = {
	{ NOCPU, 5, BADCPU(0) },
	{ 0x80000000ULL, 5, BADCPU(0) },	/* MPIDR RES1 bit: not affinity */
	{ 1ULL << 24, 5, BADCPU(0) },		/* MT bit */
	{ 1ULL << 30, 5, BADCPU(0) },		/* U bit */
	{ 1ULL << 8, 5, BADCPU(0) },		/* Aff1 = 1: no such vCPU */
	{ HI32, 5, BADCPU(0) },			/* Aff3 = 1: no such vCPU */
	{ 1ULL << 40, 5, BADCPU(0) },		/* above Aff3: not vCPU 0 */
	{ (1ULL << 40) | OTHER, 5, BADCPU(0) },
	{ 1ULL << 63, 5, BADCPU(0) },
	{ ALL1, 5, BADCPU(0) },
	{ ME, N, EP(1) },			/* intid == nr_total */
	{ ME, N + 1, EP(1) },
	{ ME, 2048, EP(1) },
	{ ME, HI32 | 5, EP(1) },		/* not intid 5 */
	{ OTHER, HI32 | 5, EP(1) },
	{ ME, 1ULL << 63, EP(1) },
	{ ME, ALL1, EP(1) },
	{ NOCPU, N, BADCPU(0) },		/* the target is checked first */
	{ (1ULL << 40), HI32 | 5, BADCPU(0) },
	{ OTHER, N, EP(1) },
};

static const uint32_t target_fns[] = {
	RVIC_SET_MASKED, RVIC_CLEAR_MASKED, RVIC_IS_PENDING, RVIC_SIGNAL,
	RVIC_CLEAR_PENDING,
};

/* No rejected call had a side effect on INTID 5 or 0 (truncations) */
static const struct hc_case no_side_effect_cases[] = {
	ISP(ME, 5, 0), ISP(OTHER, 5, 0), ISP(ME, 0, 0), ISP(OTHER, 0, 0),
	SIG(ME, 5), ACK_NONE,			/* 5 is still masked */
	CLRP(ME, 5), ISP(ME, 5, 0),
	/* the edges of the INTID space are valid */
	MASK(ME, N - 1), UNMASK(ME, N - 1), ISP(ME, N - 1, 0), CLRP(ME, N - 1),
	MASK(ME, 0), ISP(ME, 0, 0),
};

/* ACKNOWLEDGE: takes the oldest deliverable INTID, clears pending, masks */
static const struct hc_case ack_cases[] = {
	SIG(ME, 40), ISP(ME, 40, 1), ACK_NONE,	/* pending but masked */
	UNMASK(ME, 40), ACK(40), ISP(ME, 40, 0), ACK_NONE,
	SIG(ME, 40), ACK_NONE, ISP(ME, 40, 1),	/* ACK masked it */
	UNMASK(ME, 40), ACK(40), ACK_NONE,
	/* FIFO in the order INTIDs became deliverable: signal order */
	UNMASK(ME, 35), UNMASK(ME, 40), UNMASK(ME, 50),
	SIG(ME, 40), SIG(ME, 35), SIG(ME, 50),
	ACK(40), ACK(35), ACK(50), ACK_NONE,
	/* pending while masked: the unmask order decides */
	SIG(ME, 40), SIG(ME, 35), SIG(ME, 50), ACK_NONE,
	UNMASK(ME, 50), UNMASK(ME, 40), UNMASK(ME, 35),
	ACK(50), ACK(40), ACK(35), ACK_NONE,
	/* mixed: 40 deliverable at once, 35 only when unmasked */
	UNMASK(ME, 40), SIG(ME, 35), SIG(ME, 40), UNMASK(ME, 35),
	ACK(40), ACK(35), ACK_NONE,
	/* a second SIGNAL of a queued INTID does not queue it twice */
	UNMASK(ME, 40), SIG(ME, 40), SIG(ME, 40), ACK(40), ACK_NONE,
	/* masking takes it out of the FIFO, unmasking queues it at the back */
	UNMASK(ME, 40), UNMASK(ME, 35), SIG(ME, 40), SIG(ME, 35),
	MASK(ME, 40), UNMASK(ME, 40), ACK(35), ACK(40), ACK_NONE,
	/* CLEAR_PENDING takes it out of the FIFO */
	UNMASK(ME, 40), SIG(ME, 40), CLRP(ME, 40), ACK_NONE, ISP(ME, 40, 0),
	MASK(ME, 40),
	/* an untrusted INTID can be SIGNALled (spoofed), and an IPI */
	UNMASK(ME, N - 1), SIG(ME, N - 1), ACK(N - 1),
	UNMASK(ME, 0), SIG(ME, 0), ACK(0), ACK_NONE,
	/* state of another instance is separate */
	UNMASK(OTHER, 40), SIG(OTHER, 40), ISP(OTHER, 40, 1), ISP(ME, 40, 0),
	ACK_NONE, CLRP(OTHER, 40), ISP(OTHER, 40, 0), MASK(OTHER, 40),
};

static const struct hc_case resample_cases[] = {
	C(RVIC_RESAMPLE, 0, 0, 0, RVIC_OK, 0),
	C(RVIC_RESAMPLE, T - 1, 0, 0, RVIC_OK, 0),
	C(RVIC_RESAMPLE, RVIC_VTIMER_INTID, 0, 0, RVIC_OK, 0),	/* timer off */
	ISP(ME, RVIC_VTIMER_INTID, 0),
	C(RVIC_RESAMPLE, T, 0, 0, EP(0), 0),		/* untrusted */
	C(RVIC_RESAMPLE, N - 1, 0, 0, EP(0), 0),
	C(RVIC_RESAMPLE, N, 0, 0, EP(0), 0),
	C(RVIC_RESAMPLE, HI32 | 5, 0, 0, EP(0), 0),	/* not intid 5 */
	C(RVIC_RESAMPLE, ALL1, 0, 0, EP(0), 0),
	/* no level source behind 20: RESAMPLE leaves its edge alone */
	SIG(ME, 20), C(RVIC_RESAMPLE, 20, 0, 0, RVIC_OK, 0), ISP(ME, 20, 1),
	CLRP(ME, 20), C(RVIC_RESAMPLE, 20, 0, 0, RVIC_OK, 0), ISP(ME, 20, 0),
};

static const struct hc_case rvid_cases[] = {
	C(RVID_MAP, 0, ME, T, RVIC_OK, 0),
	C(RVID_MAP, U - 1, OTHER, N - 1, RVIC_OK, 0),
	C(RVID_MAP, U - 1, ME, N - 1, RVIC_OK, 0),	/* remap */
	C(RVID_MAP, U, ME, T, EP(0), 0),		/* input == nr_untrusted */
	C(RVID_MAP, U + 1, ME, T, EP(0), 0),
	C(RVID_MAP, HI32, ME, T, EP(0), 0),		/* not input 0 */
	C(RVID_MAP, ALL1, ME, T, EP(0), 0),
	C(RVID_MAP, 0, NOCPU, T, EP(1), 0),
	C(RVID_MAP, 0, 1ULL << 40, T, EP(1), 0),
	C(RVID_MAP, 0, 0x80000000ULL, T, EP(1), 0),
	C(RVID_MAP, 0, ALL1, T, EP(1), 0),
	C(RVID_MAP, 0, ME, T - 1, EP(2), 0),		/* trusted INTID */
	C(RVID_MAP, 0, ME, 0, EP(2), 0),
	C(RVID_MAP, 0, ME, RVIC_VTIMER_INTID, EP(2), 0),
	C(RVID_MAP, 0, ME, N, EP(2), 0),
	C(RVID_MAP, 0, ME, HI32 | 40, EP(2), 0),	/* not INTID 40 */
	C(RVID_MAP, 0, ME, ALL1, EP(2), 0),
	C(RVID_MAP, U, NOCPU, 0, EP(0), 0),		/* checked in order */
	C(RVID_MAP, 0, NOCPU, 0, EP(1), 0),
	C(RVID_UNMAP, 0, 0, 0, RVIC_OK, 0),
	C(RVID_UNMAP, 0, 0, 0, RVIC_OK, 0),		/* not mapped: fine */
	C(RVID_UNMAP, U - 1, 0, 0, RVIC_OK, 0),
	C(RVID_UNMAP, U, 0, 0, EP(0), 0),
	C(RVID_UNMAP, HI32, 0, 0, EP(0), 0),
	C(RVID_UNMAP, ALL1, 0, 0, EP(0), 0),

	/* A mapped input raises its INTID on its target */
	C(RVID_MAP, 5, ME, 70, RVIC_OK, 0), UNMASK(ME, 70),
	HOST(HOST_FIRE, 5), ACK(70), ACK_NONE, UNMASK(ME, 70),
	/* a rejected MAP leaves the mapping as it was */
	C(RVID_MAP, 5, ME, T - 1, EP(2), 0),
	C(RVID_MAP, 5, NOCPU, 71, EP(1), 0),
	HOST(HOST_FIRE, 5), ACK(70), ACK_NONE,
	/* ... and maps nothing, not even a truncated input */
	UNMASK(ME, 71), C(RVID_MAP, HI32 | 6, ME, 71, EP(0), 0),
	HOST(HOST_FIRE, 6), ACK_NONE, ISP(ME, 71, 0), MASK(ME, 71),
	/* remap to vCPU 1: pending there, not here */
	C(RVID_MAP, 5, OTHER, 70, RVIC_OK, 0),
	HOST(HOST_FIRE, 5), ISP(OTHER, 70, 1), ISP(ME, 70, 0), ACK_NONE,
	CLRP(OTHER, 70),
	/* unmapped: dropped */
	C(RVID_UNMAP, 5, 0, 0, RVIC_OK, 0),
	HOST(HOST_FIRE, 5), ISP(OTHER, 70, 0), ISP(ME, 70, 0), ACK_NONE,
	/* the last input */
	C(RVID_MAP, U - 1, ME, N - 1, RVIC_OK, 0), UNMASK(ME, N - 1),
	HOST(HOST_FIRE, U - 1), ACK(N - 1), ACK_NONE,
	C(RVID_UNMAP, U - 1, 0, 0, RVIC_OK, 0),
};

/* IDs next to the rVIC and rVID, and their SMC32 twins: unknown */
static const struct hc_case unknown_cases[] = {
	NS(RVIC_FN(RVIC_NR_FNS)), NS(RVIC_FN(0xf)), NS(RVIC_FN(0xff)),
	NS(RVID_FN(RVID_NR_FNS)), NS(RVID_FN(0xf)), NS(RVIC_FN(0) - 1),
	NS(RVIC_VERSION & ~0x40000000U), NS(RVIC_ACKNOWLEDGE & ~0x40000000U),
	NS(RVID_VERSION & ~0x40000000U), NS(RVID_MAP & ~0x40000000U),
	/* the instance still works */
	C(RVIC_VERSION, 0, 0, 0, RVIC_OK, RVIC_VERSION_0_3), ACK_NONE,
};

static int nr_checked;

static void run_case(const struct hc_case *c, const char *table, int i)
{
	struct arm_smccc_res r;

	if (c->fn == HOST_FIRE || c->fn == HOST_RUN_VCPU1) {
		GUEST_SYNC2(c->fn, c->a1);
		return;
	}

	r = rvic_call(c->fn, c->a1, c->a2, c->a3);
	__GUEST_ASSERT(r.a0 == c->x0,
		       "%s[%d]: fn 0x%x (0x%lx, 0x%lx, 0x%lx): x0 0x%lx, expected 0x%lx",
		       table, i, c->fn, c->a1, c->a2, c->a3, r.a0, c->x0);
	if (!c->any_x1)
		__GUEST_ASSERT(r.a1 == c->x1 && !r.a2 && !r.a3,
			       "%s[%d]: fn 0x%x (0x%lx, 0x%lx, 0x%lx): x1 0x%lx (expected 0x%lx) x2 0x%lx x3 0x%lx",
			       table, i, c->fn, c->a1, c->a2, c->a3, r.a1, c->x1,
			       r.a2, r.a3);
	nr_checked++;
}

#define RUN_TABLE(t) do {						\
	int __n = nr_checked;						\
									\
	for (int __i = 0; __i < (int)ARRAY_SIZE(t); __i++)		\
		run_case(&(t)[__i], #t, __i);				\
	GUEST_PRINTF("%-22s %3d calls ok\n", #t, nr_checked - __n);	\
} while (0)

static void guest_code(void)
{
	struct hc_case c = { .x1 = 0 };
	int n;

	RUN_TABLE(basic_cases);

	n = nr_checked;
	for (int f = 0; f < (int)ARRAY_SIZE(target_fns); f++) {
		for (int i = 0; i < (int)ARRAY_SIZE(bad_target_args); i++) {
			c.fn = target_fns[f];
			c.a1 = bad_target_args[i].target;
			c.a2 = bad_target_args[i].intid;
			c.x0 = bad_target_args[i].x0;
			run_case(&c, "bad_target_args", i);
		}
	}
	GUEST_PRINTF("%-22s %3d calls ok\n", "bad_target_args x 5", nr_checked - n);

	RUN_TABLE(no_side_effect_cases);
	RUN_TABLE(ack_cases);
	RUN_TABLE(resample_cases);
	RUN_TABLE(rvid_cases);
	RUN_TABLE(unknown_cases);
	GUEST_PRINTF("total: %d calls checked\n", nr_checked);
	GUEST_DONE();
}

static void guest_vcpu1(void)
{
	rvic_enable();
	GUEST_DONE();
}

static struct kvm_vcpu *vcpu1;

static void host_step(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	switch (uc->args[0]) {
	case HOST_FIRE:
		rvic_fire_line(vcpu->vm, uc->args[1]);
		break;
	case HOST_RUN_VCPU1:
		rvic_run_vcpu(vcpu1, NULL);
		break;
	default:
		TEST_FAIL("unknown host step %lu", uc->args[0]);
	}
}

static void test_rvic_vm(void)
{
	struct kvm_vcpu *vcpus[2];
	struct kvm_vm *vm;

	vm = vm_create_with_vcpus(2, guest_code, vcpus);
	vcpu_arch_set_entry_point(vcpus[1], guest_vcpu1);
	vcpu1 = vcpus[1];
	TEST_ASSERT(rvic_vcpu_target(vcpus[0]) == ME && rvic_vcpu_target(vcpus[1]) == OTHER,
		    "unexpected MPIDRs 0x%lx 0x%lx", rvic_vcpu_target(vcpus[0]),
		    rvic_vcpu_target(vcpus[1]));
	rvic_setup(vm, T, N);

	rvic_run_vcpu(vcpus[0], host_step);
	kvm_vm_free(vm);
}

/* Without an rVIC, every rVIC and rVID call is NOT_SUPPORTED */
static void guest_no_rvic(void)
{
	struct arm_smccc_res r;
	uint32_t fn;

	for (int i = 0; i < RVIC_NR_FNS + RVID_NR_FNS; i++) {
		fn = i < RVIC_NR_FNS ? RVIC_FN(i) : RVID_FN(i - RVIC_NR_FNS);
		r = rvic_call(fn, 0, 0, 0);
		__GUEST_ASSERT(r.a0 == SMCCC_NOT_SUPPORTED,
			       "fn 0x%x on a VM without rVIC: x0 0x%lx", fn, r.a0);
		r = rvic_call(fn, ALL1, 1, 32);
		__GUEST_ASSERT(r.a0 == SMCCC_NOT_SUPPORTED,
			       "fn 0x%x on a VM without rVIC: x0 0x%lx", fn, r.a0);
	}
	GUEST_DONE();
}

static void test_no_rvic_vm(bool with_vgic)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int gic_fd = -1;

	vm = vm_create_with_one_vcpu(&vcpu, guest_no_rvic);
	if (with_vgic) {
		gic_fd = vgic_v3_setup(vm, 1, 64);
		if (gic_fd < 0) {
			ksft_print_msg("no GICv3 in KVM: VM with a vgic not tried\n");
			kvm_vm_free(vm);
			return;
		}
	}
	rvic_run_vcpu(vcpu, NULL);
	ksft_print_msg("VM with %s: %d rVIC/rVID calls NOT_SUPPORTED\n",
		       with_vgic ? "a GICv3" : "no irqchip",
		       2 * (RVIC_NR_FNS + RVID_NR_FNS));
	if (gic_fd >= 0)
		close(gic_fd);
	kvm_vm_free(vm);
}

int main(void)
{
	rvic_require();

	test_rvic_vm();
	test_no_rvic_vm(false);
	test_no_rvic_vm(true);
	ksft_print_msg("rvic_hypercalls: all checks passed\n");
	return 0;
}
