// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the rVIC and rVID guest drivers (irq-rvic.c, irq-rvid.c),
 * run at boot in an rVIC guest (kunit.enable=1). They drive the real
 * drivers through the generic irq API and the SMP core, so every call ends
 * in a real hypercall; where a case must look at an instance directly
 * (is the INTID pending on that CPU and only there?) it makes the
 * IS_PENDING call itself through rvic_call().
 *
 *   rvic_guest_irq    mask, unmask, pending set/clear and retrigger of a
 *                     trusted (per-CPU) and an untrusted (rVID) interrupt,
 *                     on the local and on a remote CPU; set_type rules;
 *                     EOI; RESAMPLE of a level interrupt; a spurious ACK
 *   rvic_guest_ipi    IPIs through the SMP core and the spare IPI INTIDs
 *                     to every CPU, each delivered exactly once
 *   rvic_guest_alloc  the untrusted INTID allocator: exhaustion, reuse
 *   rvic_guest_rvid   MAP on activation, UNMAP and no pending state left on
 *                     deactivation, affinity moves of a pending interrupt
 *                     (the VMM's test device)
 *   rvic_guest_probe  the rules the INFO counts must follow (logic only)
 *
 * Every case skips when the root irqchip is not an rVIC, so the same
 * kernel runs them under a GICv3 (the L1 host, a GICv3 guest).
 *
 * Test interrupts: a trusted INTID that nothing in the DT uses, mapped
 * per-CPU from the rVIC domain; an rVID input that nothing uses (the VMM
 * never fires it), mapped from the rVID domain. Both are made pending
 * with irq_set_irqchip_state(), i.e. SIGNAL.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irq_work.h>
#include <linux/irqdesc.h>
#include <linux/irqdomain.h>
#include <linux/jiffies.h>
#include <linux/kernel_stat.h>
#include <linux/of.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/hardirq.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <clocksource/arm_arch_timer.h>

#include "../rvic-internal.h"
#include "rvic-kunit.h"

/* TCG in TCG is slow: generous for what must happen, short for what must not */
#define RK_TIMEOUT_MS	5000
#define RK_QUIET_MS	100

struct rk_irq {
	struct kunit		*test;
	unsigned int		virq;
	irq_hw_number_t		intid;		/* rVIC INTID */
	bool			percpu;		/* trusted, else rVID */
	struct rk_irq * __percpu *pcpu;		/* dev_id of a per-CPU one */
	atomic_t		count[NR_CPUS];	/* handler runs, per CPU */
	bool			disable_in_handler;
};

static bool rk_have_rvic(void)
{
	return rvic_get_info()->domain;
}

static int rk_init(struct kunit *test)
{
	if (!rk_have_rvic())
		kunit_skip(test, "no rVIC: the root irqchip is not an rVIC");
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs online");
	return 0;
}

static u32 rk_nr_total(void)
{
	return rvic_get_info()->nr_trusted + rvic_get_info()->nr_untrusted;
}

/* The CPUs whose instance has @intid pending, read with IS_PENDING. */
static void rk_pending_cpus(struct kunit *test, irq_hw_number_t intid, struct cpumask *m)
{
	unsigned int cpu;
	u64 val;

	cpumask_clear(m);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, rvic_call(RVIC_FN_IS_PENDING, rvic_cpu_target(cpu),
						intid, 0, &val), 0UL);
		if (val)
			cpumask_set_cpu(cpu, m);
	}
}

static bool rk_pending_only_on(struct kunit *test, irq_hw_number_t intid, int cpu)
{
	struct cpumask m;

	rk_pending_cpus(test, intid, &m);
	return cpu < 0 ? cpumask_empty(&m) : cpumask_equal(&m, cpumask_of(cpu));
}

static int rk_total(struct rk_irq *ri)
{
	int cpu, n = 0;

	for_each_possible_cpu(cpu)
		n += atomic_read(&ri->count[cpu]);
	return n;
}

/* Wait until @ri was handled @n times in all; false on timeout. */
static bool rk_wait_total(struct rk_irq *ri, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);

	while (rk_total(ri) < n) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	/* Then stays there: no second delivery */
	msleep(RK_QUIET_MS);
	return rk_total(ri) == n;
}

static void rk_count(struct rk_irq *ri, unsigned int irq)
{
	atomic_inc(&ri->count[smp_processor_id()]);
	if (READ_ONCE(ri->disable_in_handler)) {
		WRITE_ONCE(ri->disable_in_handler, false);
		if (ri->percpu)
			disable_percpu_irq(irq);
		else
			disable_irq_nosync(irq);
	}
}

static irqreturn_t rk_handler(int irq, void *dev_id)
{
	rk_count(dev_id, irq);
	return IRQ_HANDLED;
}

static irqreturn_t rk_percpu_handler(int irq, void *dev_id)
{
	rk_count(*(struct rk_irq **)dev_id, irq);
	return IRQ_HANDLED;
}

/* ---- per-CPU operations, run on the CPU whose instance they touch ---- */

struct rk_op {
	struct rk_irq	*ri;
	unsigned int	type;
	bool		state;
	int		ret;
};

static void rk_enable_fn(void *arg)
{
	struct rk_op *op = arg;

	enable_percpu_irq(op->ri->virq, op->type);
}

static void rk_disable_fn(void *arg)
{
	struct rk_op *op = arg;

	disable_percpu_irq(op->ri->virq);
}

static void rk_set_pending_fn(void *arg)
{
	struct rk_op *op = arg;

	op->ret = irq_set_irqchip_state(op->ri->virq, IRQCHIP_STATE_PENDING, op->state);
}

static void rk_get_pending_fn(void *arg)
{
	struct rk_op *op = arg;

	op->ret = irq_get_irqchip_state(op->ri->virq, IRQCHIP_STATE_PENDING, &op->state);
}

static void rk_retrigger_fn(void *arg)
{
	struct rk_op *op = arg;
	struct irq_data *d = irq_get_irq_data(op->ri->virq);

	op->ret = d->chip->irq_retrigger(d);
}

/* Run @fn on @cpu for a per-CPU interrupt; here for an rVID one. */
static int rk_on(struct rk_irq *ri, int cpu, smp_call_func_t fn, struct rk_op *op)
{
	op->ri = ri;
	op->ret = 0;
	if (ri->percpu)
		KUNIT_ASSERT_EQ(ri->test, smp_call_function_single(cpu, fn, op, 1), 0);
	else
		fn(op);
	return op->ret;
}

static void rk_enable(struct rk_irq *ri, int cpu)
{
	struct rk_op op = { .type = IRQ_TYPE_NONE };

	if (ri->percpu)
		rk_on(ri, cpu, rk_enable_fn, &op);
	else
		enable_irq(ri->virq);
}

static void rk_disable(struct rk_irq *ri, int cpu)
{
	struct rk_op op = {};

	if (ri->percpu)
		rk_on(ri, cpu, rk_disable_fn, &op);
	else
		disable_irq(ri->virq);
}

static void rk_set_pending(struct rk_irq *ri, int cpu, bool state)
{
	struct rk_op op = { .state = state };

	KUNIT_EXPECT_EQ(ri->test, rk_on(ri, cpu, rk_set_pending_fn, &op), 0);
}

static bool rk_get_pending(struct rk_irq *ri, int cpu)
{
	struct rk_op op = {};

	KUNIT_EXPECT_EQ(ri->test, rk_on(ri, cpu, rk_get_pending_fn, &op), 0);
	return op.state;
}

/* ---- the two test interrupts ---------------------------------------- */

/* A trusted per-CPU INTID past the IPIs that nothing has mapped */
static void rk_setup_trusted(struct kunit *test, struct rk_irq *ri)
{
	struct irq_domain *domain = rvic_get_info()->domain;
	struct irq_fwspec fwspec = {
		.fwnode		= domain->fwnode,
		.param_count	= 2,
		.param		= { 0, IRQ_TYPE_EDGE_RISING },
	};
	int intid, cpu;

	for (intid = rvic_get_info()->nr_trusted - 1; intid >= RVIC_NR_IPIS; intid--) {
		if (!irq_find_mapping(domain, intid))
			break;
	}
	KUNIT_ASSERT_GE_MSG(test, intid, RVIC_NR_IPIS, "no free trusted INTID");
	fwspec.param[0] = intid;

	ri->test = test;
	ri->percpu = true;
	ri->intid = intid;
	ri->virq = irq_create_fwspec_mapping(&fwspec);
	KUNIT_ASSERT_GT(test, ri->virq, 0U);
	ri->pcpu = alloc_percpu(struct rk_irq *);
	KUNIT_ASSERT_NOT_NULL(test, ri->pcpu);
	for_each_possible_cpu(cpu)
		*per_cpu_ptr(ri->pcpu, cpu) = ri;
	KUNIT_ASSERT_EQ(test, request_percpu_irq(ri->virq, rk_percpu_handler,
						 "rvic-kunit", ri->pcpu), 0);
}

/* An rVID input that nothing has mapped: untrusted, edge, one CPU */
static void rk_setup_untrusted(struct kunit *test, struct rk_irq *ri)
{
	struct device_node *np = of_find_compatible_node(NULL, NULL, "arm,rvid");
	struct irq_fwspec fwspec = { .param_count = 1 };
	struct irq_domain *domain;
	u32 msi[2];
	int input;

	KUNIT_ASSERT_NOT_NULL_MSG(test, np, "rVIC without an rVID node");
	domain = irq_find_host(np);
	fwspec.fwnode = of_node_to_fwnode(np);
	KUNIT_ASSERT_NOT_NULL_MSG(test, domain, "rVID did not probe");

	/* From the top down, skipping the MSI inputs (arm,msi-inputs) */
	if (of_property_read_u32_array(np, "arm,msi-inputs", msi, 2))
		msi[0] = msi[1] = 0;
	for (input = rvic_get_info()->nr_untrusted - 1; input >= 0; input--) {
		if (input - msi[0] >= msi[1] && !irq_find_mapping(domain, input))
			break;
	}
	of_node_put(np);
	KUNIT_ASSERT_GE_MSG(test, input, 0, "no free rVID input");
	fwspec.param[0] = input;

	ri->test = test;
	ri->virq = irq_create_fwspec_mapping(&fwspec);
	KUNIT_ASSERT_GT(test, ri->virq, 0U);
	ri->intid = irq_get_irq_data(ri->virq)->parent_data->hwirq;
	KUNIT_ASSERT_GE(test, ri->intid, (irq_hw_number_t)rvic_get_info()->nr_trusted);
	KUNIT_ASSERT_EQ(test, request_irq(ri->virq, rk_handler, 0, "rvic-kunit", ri), 0);
}

static void rk_disable_all_fn(void *arg)
{
	disable_percpu_irq(((struct rk_irq *)arg)->virq);
}

/* KUnit action: undo rk_setup_*(), leaving nothing pending anywhere */
static void rk_teardown(void *arg)
{
	struct rk_irq *ri = arg;
	unsigned int cpu;

	if (!ri->virq)
		return;
	if (ri->percpu) {
		on_each_cpu(rk_disable_all_fn, ri, 1);
		free_percpu_irq(ri->virq, ri->pcpu);
	} else {
		irq_clear_status_flags(ri->virq, IRQ_DISABLE_UNLAZY);
		free_irq(ri->virq, ri);
	}
	for_each_online_cpu(cpu)
		rvic_call(RVIC_FN_CLEAR_PENDING, rvic_cpu_target(cpu), ri->intid, 0, NULL);
	irq_dispose_mapping(ri->virq);
	free_percpu(ri->pcpu);
}

/*
 * A test interrupt of @kind (0 trusted, 1 untrusted) targeting @cpu: a
 * per-CPU one enabled there, an rVID one moved there (and enabled by
 * request_irq()).
 */
static struct rk_irq *rk_get(struct kunit *test, int kind, int cpu)
{
	struct rk_irq *ri = kunit_kzalloc(test, sizeof(*ri), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ri);
	if (kind == 0)
		rk_setup_trusted(test, ri);
	else
		rk_setup_untrusted(test, ri);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rk_teardown, ri), 0);
	if (ri->percpu)
		rk_enable(ri, cpu);
	else
		KUNIT_ASSERT_EQ(test, irq_set_affinity(ri->virq, cpumask_of(cpu)), 0);
	return ri;
}

/*
 * Pin the case's thread (it exits after the case) to the CPU it is on:
 * returns that CPU, or another one for @remote.
 */
static int rk_cpus(struct kunit *test, bool remote)
{
	int self = raw_smp_processor_id(), other;

	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(self)), 0);
	self = smp_processor_id();
	other = cpumask_any_but(cpu_online_mask, self);
	KUNIT_ASSERT_LT(test, other, nr_cpu_ids);
	return remote ? other : self;
}

/* ---- rvic_guest_irq ------------------------------------------------- */

/* Masked: SIGNAL leaves it pending there only; unmask delivers it once */
static void rk_mask_unmask(struct kunit *test, int kind, bool remote)
{
	int cpu = rk_cpus(test, remote);
	struct rk_irq *ri = rk_get(test, kind, cpu);

	if (!ri->percpu)	/* disable_irq() masks at once, not lazily */
		irq_set_status_flags(ri->virq, IRQ_DISABLE_UNLAZY);

	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 1);

	rk_disable(ri, cpu);
	rk_set_pending(ri, cpu, true);
	msleep(RK_QUIET_MS);
	KUNIT_EXPECT_EQ(test, rk_total(ri), 1);
	KUNIT_EXPECT_TRUE(test, rk_get_pending(ri, cpu));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, cpu));

	rk_enable(ri, cpu);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 2);
	KUNIT_EXPECT_FALSE(test, rk_get_pending(ri, cpu));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, -1));
}

/* Pending set and cleared while masked: nothing is delivered */
static void rk_pending_set_clear(struct kunit *test, int kind, bool remote)
{
	int cpu = rk_cpus(test, remote);
	struct rk_irq *ri = rk_get(test, kind, cpu);

	if (!ri->percpu)
		irq_set_status_flags(ri->virq, IRQ_DISABLE_UNLAZY);
	rk_disable(ri, cpu);
	KUNIT_EXPECT_FALSE(test, rk_get_pending(ri, cpu));
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_get_pending(ri, cpu));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, cpu));
	rk_set_pending(ri, cpu, false);
	KUNIT_EXPECT_FALSE(test, rk_get_pending(ri, cpu));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, -1));

	rk_enable(ri, cpu);
	msleep(RK_QUIET_MS);
	KUNIT_EXPECT_EQ(test, rk_total(ri), 0);
	/* and it still works */
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 1);
}

/*
 * Retrigger. Per-CPU: the chip's irq_retrigger (genirq never resends a
 * per-CPU interrupt). rVID: the genirq path, an edge arriving while
 * disable_irq() (lazy) is in force is masked and marked pending by the
 * flow handler, and enable_irq() resends it through irq_retrigger.
 */
static void rk_retrigger(struct kunit *test, int kind, bool remote)
{
	int cpu = rk_cpus(test, remote);
	struct rk_irq *ri = rk_get(test, kind, cpu);
	struct rk_op op = {};
	unsigned long end;

	if (ri->percpu) {
		KUNIT_EXPECT_EQ(test, rk_on(ri, cpu, rk_retrigger_fn, &op), 1);
		KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
		KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 1);
			return;
	}

	disable_irq(ri->virq);
	rk_set_pending(ri, cpu, true);
	/* The flow handler takes it (ACK clears pending), masks it, no action */
	end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);
	while (!rk_pending_only_on(test, ri->intid, -1) && time_before(jiffies, end))
		usleep_range(200, 500);
	msleep(RK_QUIET_MS);
	KUNIT_EXPECT_EQ(test, rk_total(ri), 0);
	KUNIT_EXPECT_TRUE(test, irqd_irq_masked(irq_get_irq_data(ri->virq)));

	enable_irq(ri->virq);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 1);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, -1));
}

#define RK_CASE(op, kind, where, remote)					\
static void rvic_##op##_##kind##_##where(struct kunit *test)			\
{										\
	rk_##op(test, RK_KIND_##kind, remote);					\
}
#define RK_KIND_trusted		0
#define RK_KIND_untrusted	1

RK_CASE(mask_unmask, trusted, local, false)
RK_CASE(mask_unmask, trusted, remote, true)
RK_CASE(mask_unmask, untrusted, local, false)
RK_CASE(mask_unmask, untrusted, remote, true)
RK_CASE(pending_set_clear, trusted, local, false)
RK_CASE(pending_set_clear, trusted, remote, true)
RK_CASE(pending_set_clear, untrusted, local, false)
RK_CASE(pending_set_clear, untrusted, remote, true)
RK_CASE(retrigger, trusted, local, false)
RK_CASE(retrigger, trusted, remote, true)
RK_CASE(retrigger, untrusted, local, false)
RK_CASE(retrigger, untrusted, remote, true)

/* Level only on trusted INTIDs past the IPIs; edge (rising) everywhere */
static void rvic_set_type_rules(struct kunit *test)
{
	struct irq_domain *domain = rvic_get_info()->domain;
	struct rk_irq *tr = rk_get(test, 0, rk_cpus(test, false));
	struct rk_irq *un = rk_get(test, 1, smp_processor_id());
	struct irq_data *ipi, *t, *u, *r;
	static const struct {
		const char	*what;
		int		which;		/* 0 IPI, 1 trusted, 2 untrusted, 3 rVID */
		unsigned int	type;
		int		ret;
	} rules[] = {
		{ "IPI edge",		0, IRQ_TYPE_EDGE_RISING,	0 },
		{ "IPI level",		0, IRQ_TYPE_LEVEL_HIGH,		-EINVAL },
		{ "trusted edge",	1, IRQ_TYPE_EDGE_RISING,	0 },
		{ "trusted level",	1, IRQ_TYPE_LEVEL_HIGH,		0 },
		{ "trusted level low",	1, IRQ_TYPE_LEVEL_LOW,		-EINVAL },
		{ "trusted falling",	1, IRQ_TYPE_EDGE_FALLING,	-EINVAL },
		{ "trusted both",	1, IRQ_TYPE_EDGE_BOTH,		-EINVAL },
		{ "untrusted edge",	2, IRQ_TYPE_EDGE_RISING,	0 },
		{ "untrusted level",	2, IRQ_TYPE_LEVEL_HIGH,		-EINVAL },
		{ "rVID edge",		3, IRQ_TYPE_EDGE_RISING,	0 },
		{ "rVID level",		3, IRQ_TYPE_LEVEL_HIGH,		-EINVAL },
	};
	struct irq_data *d;
	int i;

	ipi = irq_get_irq_data(irq_find_mapping(domain, RVIC_IPI_BASE));
	KUNIT_ASSERT_NOT_NULL(test, ipi);
	t = irq_get_irq_data(tr->virq);
	r = irq_get_irq_data(un->virq);
	u = r->parent_data;
	for (i = 0; i < ARRAY_SIZE(rules); i++) {
		d = rules[i].which == 0 ? ipi : rules[i].which == 1 ? t :
		    rules[i].which == 2 ? u : r;
		/* The chip's callback: it must refuse without changing anything */
		KUNIT_EXPECT_EQ_MSG(test, d->chip->irq_set_type(d, rules[i].type), rules[i].ret,
				    "%s", rules[i].what);
	}
	/* Through genirq: the trigger type sticks */
	KUNIT_EXPECT_EQ(test, irq_set_irq_type(un->virq, IRQ_TYPE_EDGE_RISING), 0);
	KUNIT_EXPECT_EQ(test, irq_get_trigger_type(un->virq), (u32)IRQ_TYPE_EDGE_RISING);
}

/*
 * EOI unmasks (re-arms) what genirq considers unmasked, and leaves masked
 * what the handler disabled.
 */
static void rk_eoi(struct kunit *test, int kind)
{
	int cpu = rk_cpus(test, false);
	struct rk_irq *ri = rk_get(test, kind, cpu);

	if (!ri->percpu)
		irq_set_status_flags(ri->virq, IRQ_DISABLE_UNLAZY);
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 2));

	WRITE_ONCE(ri->disable_in_handler, true);
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 3));
	/* Disabled by the handler: EOI left it masked */
	rk_set_pending(ri, cpu, true);
	msleep(RK_QUIET_MS);
	KUNIT_EXPECT_EQ(test, rk_total(ri), 3);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, ri->intid, cpu));
	rk_enable(ri, cpu);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 4));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 4);
}

static void rvic_eoi_trusted(struct kunit *test)
{
	rk_eoi(test, 0);
}

static void rvic_eoi_untrusted(struct kunit *test)
{
	rk_eoi(test, 1);
}

/*
 * A trusted level interrupt: its EOI is RESAMPLE then CLEAR_MASKED. Its
 * source (none: the level the hypervisor has is low) is not high, so it
 * is delivered once per SIGNAL, not again, and is re-armed.
 */
static void rvic_level_resample(struct kunit *test)
{
	int cpu = rk_cpus(test, false);
	struct rk_irq *ri = rk_get(test, 0, cpu);
	struct rk_op op = { .type = IRQ_TYPE_LEVEL_HIGH };

	rk_disable(ri, cpu);
	rk_on(ri, cpu, rk_enable_fn, &op);
	KUNIT_EXPECT_TRUE(test, irqd_is_level_type(irq_get_irq_data(ri->virq)));
	KUNIT_EXPECT_EQ(test, rvic_call(RVIC_FN_RESAMPLE, ri->intid, 0, 0, NULL), 0UL);
	KUNIT_EXPECT_FALSE(test, rk_get_pending(ri, cpu));

	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
	KUNIT_EXPECT_FALSE(test, rk_get_pending(ri, cpu));
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 2));
	KUNIT_EXPECT_EQ(test, atomic_read(&ri->count[cpu]), 2);
}

static atomic_t rk_ptimer_count;

static irqreturn_t rk_ptimer_handler(int irq, void *dev_id)
{
	int n = atomic_inc_return(&rk_ptimer_count);

	/* The first time, the timer condition is left standing */
	if (n >= 2) {
		write_sysreg(0, cntp_ctl_el0);
		isb();
	}
	if (n >= 3)	/* a low source pending again: stop it there */
		disable_percpu_irq(irq);
	return IRQ_HANDLED;
}

static DEFINE_PER_CPU(int, rk_ptimer_dev);

/*
 * A real level source, the EL1 physical timer (the kernel uses the
 * virtual one): handled once with its condition left standing, RESAMPLE
 * at EOI sees it high and makes it pending again; handled a second time
 * with the timer turned off, RESAMPLE sees it low. Two deliveries, exactly.
 */
static void rvic_level_resample_ptimer(struct kunit *test)
{
	unsigned int virq = irq_find_mapping(rvic_get_info()->domain, RVIC_TIMER_PHYS_INTID);
	unsigned long end;
	int ret;

	if (!virq)
		kunit_skip(test, "no physical timer interrupt in the DT");
	rk_cpus(test, false);
	ret = request_percpu_irq(virq, rk_ptimer_handler, "rvic-kunit-ptimer", &rk_ptimer_dev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	atomic_set(&rk_ptimer_count, 0);

	/* Pinned: this CPU's timer and this CPU's instance */
	enable_percpu_irq(virq, IRQ_TYPE_LEVEL_HIGH);
	write_sysreg(read_sysreg(cntpct_el0) + 100, cntp_cval_el0);
	write_sysreg(ARCH_TIMER_CTRL_ENABLE, cntp_ctl_el0);
	isb();

	end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);
	while (atomic_read(&rk_ptimer_count) < 2 && time_before(jiffies, end))
		usleep_range(200, 500);
	msleep(RK_QUIET_MS);

	write_sysreg(0, cntp_ctl_el0);
	isb();
	disable_percpu_irq(virq);
	free_percpu_irq(virq, &rk_ptimer_dev);
	KUNIT_EXPECT_EQ(test, atomic_read(&rk_ptimer_count), 2);
}

/*
 * The exception handler entered with nothing to acknowledge (the line
 * fell before ACKNOWLEDGE): counted as an error ("Err" in
 * /proc/interrupts), nothing handled, nothing left masked. Entered
 * directly, as the exception entry would, with interrupts masked; if
 * something was deliverable after all, it is handled and we try again.
 */
static void rvic_spurious_ack(struct kunit *test)
{
	int cpu = rk_cpus(test, false);
	struct rk_irq *ri = rk_get(test, 0, cpu);
	struct pt_regs regs = {};
	unsigned long before = 0, after = 0, flags;
	int tries;

	for (tries = 0; tries < 20 && after == before; tries++) {
		local_irq_save(flags);
		before = READ_ONCE(irq_err_count);
		irq_enter();
		handle_arch_irq(&regs);
		irq_exit();
		after = READ_ONCE(irq_err_count);
		local_irq_restore(flags);
	}
	KUNIT_EXPECT_EQ(test, after, before + 1);
	KUNIT_EXPECT_EQ(test, rk_total(ri), 0);

	/* The driver carries on: the test interrupt is delivered, once */
	rk_set_pending(ri, cpu, true);
	KUNIT_EXPECT_TRUE(test, rk_wait_total(ri, 1));
}

static struct kunit_case rvic_guest_irq_cases[] = {
	KUNIT_CASE(rvic_mask_unmask_trusted_local),
	KUNIT_CASE(rvic_mask_unmask_trusted_remote),
	KUNIT_CASE(rvic_mask_unmask_untrusted_local),
	KUNIT_CASE(rvic_mask_unmask_untrusted_remote),
	KUNIT_CASE(rvic_pending_set_clear_trusted_local),
	KUNIT_CASE(rvic_pending_set_clear_trusted_remote),
	KUNIT_CASE(rvic_pending_set_clear_untrusted_local),
	KUNIT_CASE(rvic_pending_set_clear_untrusted_remote),
	KUNIT_CASE(rvic_retrigger_trusted_local),
	KUNIT_CASE(rvic_retrigger_trusted_remote),
	KUNIT_CASE(rvic_retrigger_untrusted_local),
	KUNIT_CASE(rvic_retrigger_untrusted_remote),
	KUNIT_CASE(rvic_set_type_rules),
	KUNIT_CASE(rvic_eoi_trusted),
	KUNIT_CASE(rvic_eoi_untrusted),
	KUNIT_CASE(rvic_level_resample),
	KUNIT_CASE(rvic_level_resample_ptimer),
	KUNIT_CASE(rvic_spurious_ack),
	{}
};

static struct kunit_suite rvic_guest_irq_suite = {
	.name		= "rvic_guest_irq",
	.init		= rk_init,
	.test_cases	= rvic_guest_irq_cases,
};

/* ---- rvic_guest_ipi -------------------------------------------------- */

static atomic_t rk_ipi_count[NR_CPUS];
static atomic_t rk_ipi_wrong_cpu;

static void rk_ipi_fn(void *arg)
{
	atomic_inc(&rk_ipi_count[smp_processor_id()]);
}

static void rk_ipi_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		atomic_set(&rk_ipi_count[cpu], 0);
	atomic_set(&rk_ipi_wrong_cpu, 0);
}

/* Every online CPU ran @n, the others 0; waits for asynchronous ones. */
static void rk_ipi_expect(struct kunit *test, int n, const char *what)
{
	unsigned long end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);
	int cpu;

	for_each_online_cpu(cpu) {
		while (atomic_read(&rk_ipi_count[cpu]) < n && time_before(jiffies, end))
			usleep_range(200, 500);
	}
	msleep(RK_QUIET_MS);
	for_each_possible_cpu(cpu)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&rk_ipi_count[cpu]),
				    cpu_online(cpu) ? n : 0, "%s, CPU %d", what, cpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&rk_ipi_wrong_cpu), 0);
}

/* IPI_CALL_FUNC: one function call per CPU, then one broadcast */
static void rvic_ipi_call_function(struct kunit *test)
{
	int cpu;

	cpus_read_lock();
	rk_ipi_reset();
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, smp_call_function_single(cpu, rk_ipi_fn, NULL, 1), 0);
	rk_ipi_expect(test, 1, "smp_call_function_single");
	on_each_cpu(rk_ipi_fn, NULL, 1);
	rk_ipi_expect(test, 2, "on_each_cpu");
	cpus_read_unlock();
}

static DEFINE_PER_CPU(struct irq_work, rk_irq_work);

static void rk_irq_work_fn(struct irq_work *work)
{
	int cpu = smp_processor_id();

	if (work != per_cpu_ptr(&rk_irq_work, cpu))
		atomic_inc(&rk_ipi_wrong_cpu);
	atomic_inc(&rk_ipi_count[cpu]);
}

/* IPI_IRQ_WORK (a self-IPI) and remote irq_work, on every CPU */
static void rvic_ipi_irq_work(struct kunit *test)
{
	int cpu;

	cpus_read_lock();
	rk_ipi_reset();
	for_each_online_cpu(cpu) {
		struct irq_work *work = per_cpu_ptr(&rk_irq_work, cpu);

		*work = IRQ_WORK_INIT_HARD(rk_irq_work_fn);
		KUNIT_EXPECT_TRUE(test, irq_work_queue_on(work, cpu));
	}
	rk_ipi_expect(test, 1, "irq_work_queue_on");
	for_each_online_cpu(cpu)
		irq_work_sync(per_cpu_ptr(&rk_irq_work, cpu));
	cpus_read_unlock();
}

static irqreturn_t rk_ipi_handler(int irq, void *dev_id)
{
	atomic_inc(&rk_ipi_count[smp_processor_id()]);
	return IRQ_HANDLED;
}

static void rk_ipi_enable_fn(void *arg)
{
	enable_percpu_irq(*(unsigned int *)arg, IRQ_TYPE_NONE);
}

static void rk_ipi_disable_fn(void *arg)
{
	disable_percpu_irq(*(unsigned int *)arg);
}

static DEFINE_PER_CPU(int, rk_ipi_dev);

/*
 * The IPI INTIDs the SMP core leaves unused (it takes the first few of
 * the 16): each one, requested here, sent to each CPU alone, then to all.
 */
static void rvic_ipi_spare_intids(struct kunit *test)
{
	struct irq_domain *domain = rvic_get_info()->domain;
	unsigned int intid, virq;
	struct irq_desc *desc;
	int cpu, spare = 0;

	cpus_read_lock();
	for (intid = RVIC_IPI_BASE; intid < RVIC_IPI_BASE + RVIC_NR_IPIS; intid++) {
		virq = irq_find_mapping(domain, intid);
		KUNIT_ASSERT_GT(test, virq, 0U);
		desc = irq_to_desc(virq);
		if (desc->action)
			continue;	/* the SMP core's */
		spare++;
		KUNIT_ASSERT_EQ(test, request_percpu_irq(virq, rk_ipi_handler, "rvic-kunit-ipi",
							 &rk_ipi_dev), 0);
		on_each_cpu(rk_ipi_enable_fn, &virq, 1);
		rk_ipi_reset();
		/* As the SMP core sends its own */
		for_each_online_cpu(cpu)
			KUNIT_EXPECT_EQ(test, __ipi_send_mask(desc, cpumask_of(cpu)), 0);
		rk_ipi_expect(test, 1, "one CPU at a time");
		KUNIT_EXPECT_EQ(test, __ipi_send_mask(desc, cpu_online_mask), 0);
		rk_ipi_expect(test, 2, "all online CPUs at once");
		on_each_cpu(rk_ipi_disable_fn, &virq, 1);
		free_percpu_irq(virq, &rk_ipi_dev);
		kunit_info(test, "IPI INTID %u: every CPU once per send\n", intid);
	}
	cpus_read_unlock();
	if (!spare)
		kunit_skip(test, "the SMP core uses all %d IPI INTIDs", RVIC_NR_IPIS);
}

static struct kunit_case rvic_guest_ipi_cases[] = {
	KUNIT_CASE(rvic_ipi_call_function),
	KUNIT_CASE(rvic_ipi_irq_work),
	KUNIT_CASE_SLOW(rvic_ipi_spare_intids),
	{}
};

static struct kunit_suite rvic_guest_ipi_suite = {
	.name		= "rvic_guest_ipi",
	.init		= rk_init,
	.test_cases	= rvic_guest_ipi_cases,
};

/* ---- rvic_guest_alloc ------------------------------------------------ */

/*
 * Untrusted INTIDs from the rVIC's allocator (the request the rVID makes):
 * all the free ones can be had, distinct and untrusted, then -ENOSPC; a
 * freed one is handed out again.
 */
static void rvic_untrusted_exhaustion(struct kunit *test)
{
	const struct rvic_info *info = rvic_get_info();
	struct irq_fwspec fwspec = {
		.fwnode		= info->domain->fwnode,
		.param_count	= 1,
		.param		= { RVIC_FWSPEC_UNTRUSTED },
	};
	unsigned int *virqs, in_use = 0, n = 0, i, intid;
	unsigned long *seen;
	irq_hw_number_t hw, freed;
	int virq;

	virqs = kunit_kcalloc(test, info->nr_untrusted, sizeof(*virqs), GFP_KERNEL);
	seen = kunit_kcalloc(test, BITS_TO_LONGS(rk_nr_total()), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, virqs);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (intid = info->nr_trusted; intid < rk_nr_total(); intid++)
		in_use += !!irq_find_mapping(info->domain, intid);

	while (n < info->nr_untrusted) {
		virq = irq_domain_alloc_irqs(info->domain, 1, NUMA_NO_NODE, &fwspec);
		if (virq <= 0) {
			KUNIT_EXPECT_EQ(test, virq, -ENOSPC);
			break;
		}
		virqs[n++] = virq;
		hw = irq_get_irq_data(virq)->hwirq;
		KUNIT_EXPECT_GE(test, hw, (irq_hw_number_t)info->nr_trusted);
		KUNIT_EXPECT_LT(test, hw, (irq_hw_number_t)rk_nr_total());
		KUNIT_EXPECT_FALSE(test, test_and_set_bit(hw, seen));
	}
	KUNIT_EXPECT_EQ(test, n, info->nr_untrusted - in_use);
	KUNIT_EXPECT_EQ(test, irq_domain_alloc_irqs(info->domain, 1, NUMA_NO_NODE, &fwspec),
			-ENOSPC);

	if (n > 1) {
		i = n / 2;
		freed = irq_get_irq_data(virqs[i])->hwirq;
		irq_domain_free_irqs(virqs[i], 1);
		virq = irq_domain_alloc_irqs(info->domain, 1, NUMA_NO_NODE, &fwspec);
		KUNIT_EXPECT_GT(test, virq, 0);
		if (virq > 0) {
			KUNIT_EXPECT_EQ(test, irq_get_irq_data(virq)->hwirq, freed);
			virqs[i] = virq;
		} else {
			virqs[i] = 0;
		}
	}
	for (i = 0; i < n; i++) {
		if (virqs[i])
			irq_domain_free_irqs(virqs[i], 1);
	}

	/* All back: one can be had again */
	virq = irq_domain_alloc_irqs(info->domain, 1, NUMA_NO_NODE, &fwspec);
	KUNIT_EXPECT_GT(test, virq, 0);
	if (virq > 0)
		irq_domain_free_irqs(virq, 1);
}

static struct kunit_case rvic_guest_alloc_cases[] = {
	KUNIT_CASE_SLOW(rvic_untrusted_exhaustion),
	{}
};

static struct kunit_suite rvic_guest_alloc_suite = {
	.name		= "rvic_guest_alloc",
	.init		= rk_init,
	.test_cases	= rvic_guest_alloc_cases,
};

/* ---- rvic_guest_rvid ------------------------------------------------- */

static int rk_rvid_init(struct kunit *test)
{
	rk_init(test);
	if (!rvic_testdev_get())
		kunit_skip(test, "no rvic,testdev (start the VMM with --testdev)");
	test->priv = rvic_testdev_get();
	rvic_testdev_reset(test->priv);
	return 0;
}

static void rk_rvid_exit(struct kunit *test)
{
	if (test->priv)
		rvic_testdev_reset(test->priv);
}

static bool rk_wait_td(struct rvic_testdev *td, u32 fired, unsigned long handled)
{
	unsigned long end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);

	while (rvic_testdev_fired(td) < fired || rvic_testdev_handled(td) < handled) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	msleep(RK_QUIET_MS);
	return rvic_testdev_fired(td) == fired && rvic_testdev_handled(td) == handled;
}

/*
 * The input is MAPped while its interrupt is active: fires are handled.
 * free_irq() deactivates it (UNMAP): fires are dropped, pending nowhere.
 * request_irq() activates it again (MAP): handled again.
 */
static void rvic_rvid_map_unmap(struct kunit *test)
{
	struct rvic_testdev *td = test->priv;
	unsigned int virq = rvic_testdev_get_irq(td);
	irq_hw_number_t intid = irq_get_irq_data(virq)->parent_data->hwirq;

	rvic_testdev_fire(td, 1);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, 1, 1));

	rvic_testdev_free_irq(td);
	KUNIT_EXPECT_FALSE(test, irqd_is_activated(irq_get_irq_data(virq)));
	rvic_testdev_fire(td, 1);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, 2, 1));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, -1));

	KUNIT_ASSERT_EQ(test, rvic_testdev_request_irq(td), 0);
	KUNIT_EXPECT_TRUE(test, irqd_is_activated(irq_get_irq_data(virq)));
	rvic_testdev_fire(td, 1);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, 3, 2));
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, -1));
}

static unsigned int rk_kstat(unsigned int virq, int cpu)
{
	return kstat_irqs_cpu(virq, cpu);
}

/*
 * Moved from A to B while masked and pending on A: pending on B only,
 * delivered there once on unmask.
 */
static void rvic_rvid_affinity_masked_pending(struct kunit *test)
{
	struct rvic_testdev *td = test->priv;
	unsigned int virq = rvic_testdev_get_irq(td);
	irq_hw_number_t intid = irq_get_irq_data(virq)->parent_data->hwirq;
	int b = rk_cpus(test, true), a = smp_processor_id();
	unsigned int ka, kb;
	unsigned long end;

	KUNIT_ASSERT_EQ(test, irq_set_affinity(virq, cpumask_of(a)), 0);
	irq_set_status_flags(virq, IRQ_DISABLE_UNLAZY);
	disable_irq(virq);
	ka = rk_kstat(virq, a);
	kb = rk_kstat(virq, b);

	rvic_testdev_fire(td, 1);
	end = jiffies + msecs_to_jiffies(RK_TIMEOUT_MS);
	while (!rk_pending_only_on(test, intid, a) && time_before(jiffies, end))
		usleep_range(200, 500);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, a));

	KUNIT_EXPECT_EQ(test, irq_set_affinity(virq, cpumask_of(b)), 0);
	KUNIT_EXPECT_EQ(test, cpumask_first(irq_get_effective_affinity_mask(virq)), b);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, b));
	msleep(RK_QUIET_MS);
	KUNIT_EXPECT_EQ(test, rvic_testdev_handled(td), 0UL);

	enable_irq(virq);
	irq_clear_status_flags(virq, IRQ_DISABLE_UNLAZY);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, 1, 1));
	KUNIT_EXPECT_EQ(test, rk_kstat(virq, a), ka);
	KUNIT_EXPECT_EQ(test, rk_kstat(virq, b), kb + 1);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, -1));
}

/*
 * Moved from A to B while unmasked and pending on A, A having interrupts
 * masked: B takes it, once; A's line fell with the move (no spurious
 * exception on A when it unmasks).
 */
static void rvic_rvid_affinity_unmasked_pending(struct kunit *test)
{
	struct rvic_testdev *td = test->priv;
	unsigned int virq = rvic_testdev_get_irq(td);
	irq_hw_number_t intid = irq_get_irq_data(virq)->parent_data->hwirq;
	int b = rk_cpus(test, true), a = smp_processor_id();
	unsigned long flags, err;
	unsigned int ka, kb;
	bool was_pending = false;
	u64 val;
	int i;

	KUNIT_ASSERT_EQ(test, irq_set_affinity(virq, cpumask_of(a)), 0);
	ka = rk_kstat(virq, a);
	kb = rk_kstat(virq, b);

	local_irq_save(flags);
	err = READ_ONCE(irq_err_count);
	rvic_testdev_fire(td, 1);
	for (i = 0; i < RK_TIMEOUT_MS * 10 && !was_pending; i++) {
		rvic_call(RVIC_FN_IS_PENDING, rvic_cpu_target(a), intid, 0, &val);
		was_pending = val;
		udelay(100);
	}
	irq_set_affinity(virq, cpumask_of(b));
	local_irq_restore(flags);

	KUNIT_EXPECT_TRUE(test, was_pending);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, 1, 1));
	KUNIT_EXPECT_EQ(test, rk_kstat(virq, a), ka);
	KUNIT_EXPECT_EQ(test, rk_kstat(virq, b), kb + 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(irq_err_count), err);
	KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, -1));
}

/*
 * Freed while masked and pending: nothing stays pending anywhere (the
 * deactivation clears it after UNMAP), and the next user of the INTID
 * (the same device, requesting it again) takes no interrupt and counts no
 * error. Before, only UNMAP was done and the pending bit waited on the old
 * target for the next unmask there. 10 rounds of free and request.
 */
static void rvic_rvid_free_pending(struct kunit *test)
{
	struct rvic_testdev *td = test->priv;
	unsigned int virq = rvic_testdev_get_irq(td);
	struct irq_data *d = irq_get_irq_data(virq);
	irq_hw_number_t intid = d->parent_data->hwirq;
	unsigned long err = READ_ONCE(irq_err_count);
	struct cpumask m;
	int i, cpu;

	for (i = 0; i < 10; i++) {
		cpu = cpumask_first(irq_data_get_effective_affinity_mask(d));
		/* Masked at once, not on the next delivery (request clears it) */
		irq_set_status_flags(virq, IRQ_DISABLE_UNLAZY);
		disable_irq(virq);
		rvic_testdev_fire(td, 1);
		KUNIT_EXPECT_TRUE(test, rk_wait_td(td, i + 1, 0));
		rk_pending_cpus(test, intid, &m);
		KUNIT_EXPECT_TRUE_MSG(test, cpumask_equal(&m, cpumask_of(cpu)),
				      "round %d: INTID %lu pending on %*pbl, expected CPU %d only",
				      i, intid, cpumask_pr_args(&m), cpu);

		rvic_testdev_free_irq(td);
		KUNIT_EXPECT_TRUE(test, rk_pending_only_on(test, intid, -1));
		if (rvic_testdev_request_irq(td)) {
			KUNIT_FAIL(test, "request_irq() again failed");
			break;
		}
		KUNIT_EXPECT_TRUE(test, rk_wait_td(td, i + 1, 0));
	}
	irq_clear_status_flags(virq, IRQ_DISABLE_UNLAZY);
	KUNIT_EXPECT_EQ(test, READ_ONCE(irq_err_count), err);

	/* The device works on */
	rvic_testdev_fire(td, 1);
	KUNIT_EXPECT_TRUE(test, rk_wait_td(td, i + 1, 1));
}

static struct kunit_case rvic_guest_rvid_cases[] = {
	KUNIT_CASE(rvic_rvid_map_unmap),
	KUNIT_CASE_SLOW(rvic_rvid_free_pending),
	KUNIT_CASE(rvic_rvid_affinity_masked_pending),
	KUNIT_CASE(rvic_rvid_affinity_unmasked_pending),
	{}
};

static struct kunit_suite rvic_guest_rvid_suite = {
	.name		= "rvic_guest_rvid",
	.init		= rk_rvid_init,
	.exit		= rk_rvid_exit,
	.test_cases	= rvic_guest_rvid_cases,
};

/*
 * The counts of INFO, as rvic_probe_hyp() checks them: a hypervisor that
 * breaks the rules is refused, whatever 64-bit values it returns.
 */
static void rvic_counts_rules(struct kunit *test)
{
	static const struct { u64 trusted, untrusted; bool ok; } c[] = {
		{ 32, 32, true },
		{ 32, 2016, true },
		{ 2016, 32, true },
		{ 1024, 1024, true },
		{ 32, 2048, false },		/* 2080 in all */
		{ 2048, 0, false },
		{ 0, 64, false },
		{ 16, 64, false },		/* fewer than 32 trusted */
		{ 32, 16, false },
		{ 33, 64, false },		/* not multiples of 32 */
		{ 32, 65, false },
		{ 48, 48, false },
		{ -32ULL, 64, false },		/* sums that wrap around */
		{ 64, -32ULL, false },
		{ -2048ULL, 2048 + 32, false },
		{ 1ULL << 32, 32, false },	/* high bits of the register */
		{ 32, (1ULL << 32) + 32, false },
	};

	for (int i = 0; i < ARRAY_SIZE(c); i++)
		KUNIT_EXPECT_EQ_MSG(test, rvic_counts_usable(c[i].trusted, c[i].untrusted),
				    c[i].ok, "trusted %llu untrusted %llu",
				    c[i].trusted, c[i].untrusted);
}

static struct kunit_case rvic_guest_probe_cases[] = {
	KUNIT_CASE(rvic_counts_rules),
	{}
};

static struct kunit_suite rvic_guest_probe_suite = {
	.name		= "rvic_guest_probe",
	.test_cases	= rvic_guest_probe_cases,
};

kunit_test_suites(&rvic_guest_probe_suite, &rvic_guest_irq_suite, &rvic_guest_ipi_suite, &rvic_guest_alloc_suite,
		  &rvic_guest_rvid_suite);
