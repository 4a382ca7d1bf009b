// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for KVM's rVIC/rVID state machine (rvic_host), on a fake VM.
 *
 * Included at the end of arch/arm64/kvm/rvic/rvic-kvm-device.c when
 * CONFIG_KVM_ARM_RVIC_KUNIT_TEST is set, so that it reaches the static
 * count check; everything else goes through the entry points the rest of
 * KVM uses: kvm_rvic_hypercall() with the call in the fake vCPU's x0-x3,
 * kvm_rvic_inject_input() and kvm_rvic_vcpu_pending_irq() for the line.
 *
 * The fake VM is a zeroed struct kvm with two zeroed vCPUs (MPIDR
 * affinity 0 and 1) in its vCPU array and a finalised rVIC of 32 trusted
 * and 96 untrusted INTIDs: a zeroed vCPU is a reset rVIC instance. No vCPU
 * ever runs (vcpu->cpu is -1), so the kicks of remote changes only raise
 * the request.
 */

#include <kunit/test.h>
#include <asm/kvm_emulate.h>

#define T_NR_TRUSTED	32
#define T_NR_TOTAL	128
#define T_NR_VCPUS	2

/* RVIC_STATUS_PACK(), usable in static initialisers */
#define ST(reason, arg)							\
	(FIELD_PREP_CONST(RVIC_STATUS_REASON_MASK, RVIC_STATUS_##reason) |	\
	 FIELD_PREP_CONST(RVIC_STATUS_INDEX_MASK, RVIC_STATUS_ARG_##arg))
#define ST_OK		RVIC_STATUS_SUCCESS

struct rvic_test_vm {
	struct kvm		*kvm;
	struct kvm_vcpu		*vcpu[T_NR_VCPUS];
};

static int rvic_host_test_init(struct kunit *test)
{
	struct rvic_test_vm *vm;
	struct kvm *kvm;
	int i, ret;

	vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	kvm = kunit_kzalloc(test, sizeof(*kvm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, kvm);
	vm->kvm = kvm;
	xa_init(&kvm->vcpu_array);
	mutex_init(&kvm->arch.config_lock);
	raw_spin_lock_init(&kvm->arch.rvic.rvid_lock);
	kvm->arch.rvic.created = true;
	kvm->arch.rvic.nr_trusted = T_NR_TRUSTED;
	kvm->arch.rvic.nr_total = T_NR_TOTAL;

	for (i = 0; i < T_NR_VCPUS; i++) {
		struct kvm_vcpu *vcpu = kunit_kzalloc(test, sizeof(*vcpu), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, vcpu);
		vcpu->kvm = kvm;
		vcpu->vcpu_idx = i;
		vcpu->vcpu_id = i;
		vcpu->cpu = -1;
		__vcpu_sys_reg(vcpu, MPIDR_EL1) = i;
		KUNIT_ASSERT_EQ(test, kvm_rvic_vcpu_init(vcpu), 0);
		KUNIT_ASSERT_NOT_NULL(test, vcpu->arch.rvic);
		KUNIT_ASSERT_EQ(test, xa_insert(&kvm->vcpu_array, i, vcpu, GFP_KERNEL), 0);
		vm->vcpu[i] = vcpu;
	}
	atomic_set(&kvm->online_vcpus, T_NR_VCPUS);

	mutex_lock(&kvm->arch.config_lock);
	ret = rvid_init(kvm);
	mutex_unlock(&kvm->arch.config_lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	/* What finalising does after the routes, which the fake VM has not */
	smp_store_release(&kvm->arch.rvic.ready, true);
	test->priv = vm;
	return 0;
}

static void rvic_host_test_exit(struct kunit *test)
{
	struct rvic_test_vm *vm = test->priv;
	int i;

	if (!vm)
		return;
	for (i = 0; i < T_NR_VCPUS; i++) {
		if (vm->vcpu[i])
			kvm_rvic_vcpu_destroy(vm->vcpu[i]);
	}
	kvm_rvic_destroy(vm->kvm);
	xa_destroy(&vm->kvm->vcpu_array);
}

/* Make a call as @vcpu; returns the status word, x1 in *@val. */
static unsigned long tcall(struct kvm_vcpu *vcpu, u32 fn, u64 a1, u64 a2, u64 a3,
			   u64 *val)
{
	vcpu_set_reg(vcpu, 0, fn);
	vcpu_set_reg(vcpu, 1, a1);
	vcpu_set_reg(vcpu, 2, a2);
	vcpu_set_reg(vcpu, 3, a3);
	kvm_rvic_hypercall(vcpu);
	if (val)
		*val = vcpu_get_reg(vcpu, 1);
	return vcpu_get_reg(vcpu, 0);
}

#define VM(test)	((struct rvic_test_vm *)(test)->priv)
#define V(test, i)	(VM(test)->vcpu[i])

/* ACKNOWLEDGE as vCPU @i: the INTID taken, or -1 with *@status set. */
static long ack(struct kunit *test, int i, unsigned long *status)
{
	unsigned long st;
	u64 intid;

	st = tcall(V(test, i), RVIC_FN_ACKNOWLEDGE, 0, 0, 0, &intid);
	if (status)
		*status = st;
	return st == ST_OK ? (long)intid : -1;
}

static void do_ok(struct kunit *test, int i, u32 fn, u64 target, u64 intid)
{
	KUNIT_ASSERT_EQ(test, tcall(V(test, i), fn, target, intid, 0, NULL), ST_OK);
}

static bool is_pending(struct kunit *test, int i, u64 target, u64 intid)
{
	u64 val = 0;

	KUNIT_EXPECT_EQ(test, tcall(V(test, i), RVIC_FN_IS_PENDING, target, intid, 0, &val),
			ST_OK);
	return val;
}

static void enable_unmask(struct kunit *test, int i, const u32 *intids, int n)
{
	do_ok(test, i, RVIC_FN_ENABLE, 0, 0);
	while (n--)
		do_ok(test, i, RVIC_FN_CLEAR_MASKED, i, intids[n]);
}

/* Deliverable INTIDs come out in arrival order, not INTID order. */
static void rvic_host_fifo_order(struct kunit *test)
{
	static const u32 order[] = { 50, 35, 3, 100, 40 };
	unsigned long st;
	int j;

	enable_unmask(test, 0, order, ARRAY_SIZE(order));
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	for (j = 0; j < ARRAY_SIZE(order); j++)
		do_ok(test, 0, RVIC_FN_SIGNAL, 0, order[j]);
	/* A second SIGNAL of a pending INTID does not queue it twice. */
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, order[0]);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 1);

	for (j = 0; j < ARRAY_SIZE(order); j++)
		KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), (long)order[j]);
	KUNIT_EXPECT_EQ(test, ack(test, 0, &st), -1);
	KUNIT_EXPECT_EQ(test, st, (unsigned long)ST(NO_INTERRUPTS, X1));
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
}

/* ACKNOWLEDGE clears pending and masks; CLEAR_MASKED (EOI) re-arms. */
static void rvic_host_ack_masks(struct kunit *test)
{
	static const u32 intid[] = { 42 };

	enable_unmask(test, 0, intid, 1);
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, 42);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 42L);
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 0, 42));

	/* Masked by the ACK: pending again, but not deliverable */
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, 42);
	KUNIT_EXPECT_TRUE(test, is_pending(test, 0, 0, 42));
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), -1L);

	do_ok(test, 0, RVIC_FN_CLEAR_MASKED, 0, 42);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 1);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 42L);
}

/* Mask, unmask and clear-pending keep the FIFO exact; unmask requeues last. */
static void rvic_host_mask_requeue(struct kunit *test)
{
	static const u32 intids[] = { 33, 34, 35, 36 };
	int j;

	enable_unmask(test, 0, intids, ARRAY_SIZE(intids));
	for (j = 0; j < ARRAY_SIZE(intids); j++)
		do_ok(test, 0, RVIC_FN_SIGNAL, 0, intids[j]);

	do_ok(test, 0, RVIC_FN_SET_MASKED, 0, 34);
	do_ok(test, 0, RVIC_FN_CLEAR_PENDING, 0, 35);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 33L);
	do_ok(test, 0, RVIC_FN_CLEAR_MASKED, 0, 34);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 36L);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 34L);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), -1L);
	/* 35 lost its pending bit while queued: it never comes out */
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 0, 35));
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
}

/*
 * DISABLE drops the line and refuses SIGNAL and ACKNOWLEDGE, the other
 * calls still work, and ENABLE makes what is pending and unmasked
 * deliverable again (the 2020 prototype forgot that).
 */
static void rvic_host_disable_enable(struct kunit *test)
{
	static const u32 intids[] = { 37, 38 };
	unsigned long st;
	long a, b;

	enable_unmask(test, 0, intids, ARRAY_SIZE(intids));
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, 37);
	do_ok(test, 0, RVIC_FN_DISABLE, 0, 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	KUNIT_EXPECT_EQ(test, ack(test, 0, &st), -1L);
	KUNIT_EXPECT_EQ(test, st, (unsigned long)ST(DISABLED, X1));
	KUNIT_EXPECT_EQ(test, tcall(V(test, 1), RVIC_FN_SIGNAL, 0, 38, 0, NULL),
			(unsigned long)ST(DISABLED, X1));
	/* Still works while disabled */
	KUNIT_EXPECT_TRUE(test, is_pending(test, 1, 0, 37));
	do_ok(test, 1, RVIC_FN_SET_MASKED, 0, 37);
	do_ok(test, 1, RVIC_FN_CLEAR_MASKED, 0, 37);
	do_ok(test, 0, RVIC_FN_CLEAR_PENDING, 0, 38);

	do_ok(test, 0, RVIC_FN_ENABLE, 0, 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 1);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 37L);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), -1L);

	/* Two requeued at once both come out, each once */
	do_ok(test, 0, RVIC_FN_CLEAR_MASKED, 0, 37);
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, 37);
	do_ok(test, 0, RVIC_FN_SIGNAL, 0, 38);
	do_ok(test, 0, RVIC_FN_DISABLE, 0, 0);
	do_ok(test, 0, RVIC_FN_ENABLE, 0, 0);
	do_ok(test, 0, RVIC_FN_ENABLE, 0, 0);	/* idempotent: no double queueing */
	a = ack(test, 0, NULL);
	b = ack(test, 0, NULL);
	KUNIT_EXPECT_EQ(test, a + b, 37L + 38L);
	KUNIT_EXPECT_NE(test, a, b);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), -1L);
}

/* A remote SIGNAL raises the target's line and a request to recompute it. */
static void rvic_host_remote_signal(struct kunit *test)
{
	static const u32 intid[] = { 5 };

	enable_unmask(test, 1, intid, 1);
	do_ok(test, 0, RVIC_FN_SIGNAL, 1, 5);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 1)), 1);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	KUNIT_EXPECT_TRUE(test, kvm_test_request(KVM_REQ_IRQ_PENDING, V(test, 1)));
	/* A remote CLEAR_PENDING lowers it again */
	do_ok(test, 0, RVIC_FN_CLEAR_PENDING, 1, 5);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 1)), 0);
	KUNIT_EXPECT_EQ(test, ack(test, 1, NULL), -1L);
}

/*
 * Owners of trusted INTIDs (timers, PMU), as with the vgic: another
 * source's claim is -EEXIST and its injections are ignored; a source that
 * asks for other INTIDs again and again (timer set-ups retried with new
 * numbers) moves, never running out of slots.
 */
static void rvic_host_owners(struct kunit *test)
{
	struct kvm *kvm = VM(test)->kvm;
	struct kvm_vcpu *vcpu = V(test, 0);
	static int a, b;
	static const u32 intid[] = { 20, 21 };
	int i;

	enable_unmask(test, 0, intid, 2);
	for (i = 0; i < 4 * KVM_RVIC_NR_OWNERS; i++)
		KUNIT_ASSERT_EQ(test, kvm_rvic_set_owner(vcpu, 16 + i % 16, &a), 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, 20, &a), 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, 20, &b), -EEXIST);
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, 21, &b), 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, 21, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, T_NR_TRUSTED, &b), -EINVAL);
	/* a's earlier INTIDs are free again: only its last one is held */
	KUNIT_EXPECT_EQ(test, kvm_rvic_set_owner(vcpu, 19, &b), 0);

	/* A source that does not own the INTID: ignored, and no error */
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_irq(kvm, vcpu, 20, true, &b), 0);
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 0, 20));
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_irq(kvm, vcpu, 20, true, &a), 0);
	KUNIT_EXPECT_TRUE(test, is_pending(test, 0, 0, 20));
}

struct rvic_call_case {
	const char	*name;
	u32		fn;
	u64		a1, a2, a3;
	unsigned long	status;
};

/* Argument checks, in the order the ABI gives, on full 64-bit registers. */
static const struct rvic_call_case rvic_call_cases[] = {
	{ "info-bad-key", RVIC_FN_INFO, 2, 0, 0, ST(ERROR_PARAMETER, X1) },
	{ "mask-unknown-cpu", RVIC_FN_SET_MASKED, 7, 33, 0, ST(INVALID_CPU, X1) },
	{ "mask-mpidr-high-bits", RVIC_FN_SET_MASKED, BIT_ULL(40), 33, 0, ST(INVALID_CPU, X1) },
	{ "unknown-cpu-before-intid", RVIC_FN_SIGNAL, 7, T_NR_TOTAL, 0, ST(INVALID_CPU, X1) },
	{ "intid-nr-total", RVIC_FN_SIGNAL, 0, T_NR_TOTAL, 0, ST(ERROR_PARAMETER, X2) },
	{ "intid-not-truncated", RVIC_FN_CLEAR_MASKED, 0, BIT_ULL(32) | 33, 0,
	  ST(ERROR_PARAMETER, X2) },
	{ "is-pending-bad-intid", RVIC_FN_IS_PENDING, 1, ~0ULL, 0, ST(ERROR_PARAMETER, X2) },
	{ "resample-untrusted", RVIC_FN_RESAMPLE, T_NR_TRUSTED, 0, 0, ST(ERROR_PARAMETER, X1) },
	{ "rvid-map-input-nr-untrusted", RVID_FN_MAP, T_NR_TOTAL - T_NR_TRUSTED, 0, 40,
	  ST(ERROR_PARAMETER, X1) },
	{ "rvid-map-input-not-truncated", RVID_FN_MAP, BIT_ULL(32), 0, 40,
	  ST(ERROR_PARAMETER, X1) },
	{ "rvid-map-unknown-cpu", RVID_FN_MAP, 0, 2, 40, ST(ERROR_PARAMETER, X2) },
	{ "rvid-map-trusted-intid", RVID_FN_MAP, 0, 0, T_NR_TRUSTED - 1, ST(ERROR_PARAMETER, X3) },
	{ "rvid-map-intid-nr-total", RVID_FN_MAP, 0, 0, T_NR_TOTAL, ST(ERROR_PARAMETER, X3) },
	{ "rvid-unmap-input-nr-untrusted", RVID_FN_UNMAP, T_NR_TOTAL - T_NR_TRUSTED, 0, 0,
	  ST(ERROR_PARAMETER, X1) },
	{ "rvid-map-last-input", RVID_FN_MAP, T_NR_TOTAL - T_NR_TRUSTED - 1, 1, T_NR_TOTAL - 1,
	  ST_OK },
	{ "rvid-unmap-last-input", RVID_FN_UNMAP, T_NR_TOTAL - T_NR_TRUSTED - 1, 0, 0, ST_OK },
};

static void rvic_call_case_desc(const struct rvic_call_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}
KUNIT_ARRAY_PARAM(rvic_call, rvic_call_cases, rvic_call_case_desc);

static void rvic_host_call_checks(struct kunit *test)
{
	const struct rvic_call_case *c = test->param_value;
	u64 val;

	KUNIT_EXPECT_EQ(test, tcall(V(test, 0), c->fn, c->a1, c->a2, c->a3, &val), c->status);
	/* A failed call changed nothing */
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 1)), 0);
}

/* rVID: MAP routes an input, UNMAP drops its fires; bounds of injection. */
static void rvic_host_rvid_map_unmap(struct kunit *test)
{
	static const u32 intid[] = { 40 };
	struct kvm *kvm = VM(test)->kvm;
	u32 last = T_NR_TOTAL - T_NR_TRUSTED - 1;

	enable_unmask(test, 0, intid, 1);
	enable_unmask(test, 1, intid, 1);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, last + 1, true), -EINVAL);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, last, true), 0);	/* unmapped */
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 1, 40));

	KUNIT_ASSERT_EQ(test, tcall(V(test, 0), RVID_FN_MAP, last, 1, 40, NULL), ST_OK);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, last, true), 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);
	KUNIT_EXPECT_EQ(test, ack(test, 1, NULL), 40L);

	/* Moved to vCPU 0: fires land there only */
	KUNIT_ASSERT_EQ(test, tcall(V(test, 1), RVID_FN_MAP, last, 0, 40, NULL), ST_OK);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, last, true), 0);
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 1, 40));
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), 40L);

	KUNIT_ASSERT_EQ(test, tcall(V(test, 0), RVID_FN_UNMAP, last, 0, 0, NULL), ST_OK);
	do_ok(test, 0, RVIC_FN_CLEAR_MASKED, 0, 40);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, last, true), 0);
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 0, 40));
	KUNIT_EXPECT_FALSE(test, is_pending(test, 0, 1, 40));
	KUNIT_EXPECT_EQ(test, kvm_rvic_vcpu_pending_irq(V(test, 0)), 0);

	/* A fire into a disabled instance is dropped, not kept for later */
	KUNIT_ASSERT_EQ(test, tcall(V(test, 0), RVID_FN_MAP, 0, 0, 41, NULL), ST_OK);
	do_ok(test, 0, RVIC_FN_CLEAR_MASKED, 0, 41);
	do_ok(test, 0, RVIC_FN_DISABLE, 0, 0);
	KUNIT_EXPECT_EQ(test, kvm_rvic_inject_input(kvm, 0, true), 0);
	do_ok(test, 0, RVIC_FN_ENABLE, 0, 0);
	KUNIT_EXPECT_EQ(test, ack(test, 0, NULL), -1L);
}

struct rvic_counts_case {
	u32	nr_trusted, nr_total;
	bool	valid;
};

static const struct rvic_counts_case rvic_counts_cases[] = {
	{ 32, 64, true },
	{ 32, 128, true },
	{ 64, 2048, true },
	{ 2016, 2048, true },
	{ 0, 64, false },		/* fewer than 32 trusted */
	{ 16, 64, false },
	{ 48, 96, false },		/* not multiples of 32 */
	{ 32, 80, false },
	{ 32, 32, false },		/* fewer than 32 untrusted */
	{ 64, 64, false },
	{ 2048, 2048, false },
	{ 32, 2080, false },		/* more than 2048 in all */
	{ 96, 64, false },		/* trusted > total: no wrap-around */
	{ 0xffffffe0, 0x20, false },
};

static void rvic_counts_case_desc(const struct rvic_counts_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "trusted-%u-total-%u", c->nr_trusted,
		 c->nr_total);
}
KUNIT_ARRAY_PARAM(rvic_counts, rvic_counts_cases, rvic_counts_case_desc);

static void rvic_host_count_validation(struct kunit *test)
{
	const struct rvic_counts_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, rvic_counts_valid(c->nr_trusted, c->nr_total), c->valid);
}

static struct kunit_case rvic_host_cases[] = {
	KUNIT_CASE(rvic_host_fifo_order),
	KUNIT_CASE(rvic_host_ack_masks),
	KUNIT_CASE(rvic_host_mask_requeue),
	KUNIT_CASE(rvic_host_disable_enable),
	KUNIT_CASE(rvic_host_remote_signal),
	KUNIT_CASE(rvic_host_owners),
	KUNIT_CASE_PARAM(rvic_host_call_checks, rvic_call_gen_params),
	KUNIT_CASE(rvic_host_rvid_map_unmap),
	KUNIT_CASE_PARAM(rvic_host_count_validation, rvic_counts_gen_params),
	{}
};

static struct kunit_suite rvic_host_suite = {
	.name		= "rvic_host",
	.init		= rvic_host_test_init,
	.exit		= rvic_host_test_exit,
	.test_cases	= rvic_host_cases,
};
kunit_test_suite(rvic_host_suite);
