// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVIC: reduced Virtual Interrupt Controller, the root irqchip of arm64
 * guests whose device tree has an "arm,rvic" node.
 *
 * What the "hardware" offers: nothing but hypercalls (SMCCC 1.1 fast calls
 * through the conduit PSCI uses) and the vCPU's virtual IRQ line. Each vCPU
 * has an rVIC instance holding, per INTID, a pending and a masked bit; the
 * line is high while the instance is enabled and some INTID is pending and
 * unmasked. Deliverable INTIDs come out in arrival order, no priorities.
 *
 * - Trusted INTIDs [0, nr_trusted) are raised by the hypervisor only and are
 *   per-CPU: 0-15 are the IPIs (SIGNAL from another vCPU), the rest are
 *   PPI-like (arch timers, PMU) and may be level-sensitive.
 * - Untrusted INTIDs [nr_trusted, nr_total) are reached through the rVID
 *   (irq-rvid.c) only, are edge-triggered, and target one CPU at a time.
 *
 * Hypercalls used by this driver:
 *   VERSION, INFO       probe
 *   ENABLE, DISABLE     CPU bring-up and teardown
 *   ACKNOWLEDGE         exception entry: takes the oldest deliverable INTID
 *                       and masks it
 *   CLEAR_MASKED        unmask, and end of interrupt (re-arms the INTID)
 *   SET_MASKED          mask
 *   RESAMPLE            end of a trusted level interrupt: the hypervisor
 *                       re-pends it if its source is still high
 *   SIGNAL              IPIs, retrigger, set pending state
 *   IS_PENDING, CLEAR_PENDING   pending state
 *
 * Implementation notes:
 * - One linear domain covers all INTIDs, hwirq == INTID. The DT names
 *   trusted INTIDs only (two cells: INTID, trigger type). Untrusted INTIDs
 *   are handed out to child domains (the rVID) by an allocator, on
 *   request through a special fwspec (RVIC_FWSPEC_UNTRUSTED).
 * - Trusted INTIDs are per-CPU interrupts (handle_percpu_devid_irq); the
 *   IPIs are allocated from the domain and given to set_smp_ipi_range().
 *   Untrusted ones use handle_fasteoi_irq: ACKNOWLEDGE already masked the
 *   INTID, so EOI is CLEAR_MASKED.
 * - ACKNOWLEDGE masks in the instance, and genirq may have masked the
 *   interrupt on its own in the meantime: EOI only unmasks what genirq
 *   considers unmasked (irqd_irq_masked() for untrusted INTIDs, a per-CPU
 *   bitmap for per-CPU ones, whose irq_data is shared by all CPUs).
 * - One exception, one ACKNOWLEDGE: the line drops as the hypervisor
 *   completes the call when nothing else is deliverable, and stays up (the
 *   exception is taken again) when something is. A spurious exception
 *   (nothing to acknowledge) counts as "Err" in /proc/interrupts.
 */

#define pr_fmt(fmt) "rvic: " fmt

#include <linux/arm-smccc.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqchip.h>
#include <linux/irqdomain.h>
#include <linux/of.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <asm/exception.h>
#include <asm/smp_plat.h>

#include "rvic-internal.h"

static struct rvic_info rvic;

/* Untrusted INTIDs handed out to child domains, bit 0 = nr_trusted */
static unsigned long *rvic_untrusted_map;
static DEFINE_RAW_SPINLOCK(rvic_untrusted_lock);

/* Per-CPU interrupts genirq has disabled on this CPU (EOI leaves them) */
static DEFINE_PER_CPU(unsigned long *, rvic_percpu_disabled);

static const char *const rvic_reasons[] = {
	[RVIC_STATUS_SUCCESS]		= "success",
	[RVIC_STATUS_ERROR_PARAMETER]	= "bad parameter",
	[RVIC_STATUS_INVALID_CPU]	= "invalid CPU",
	[RVIC_STATUS_DISABLED]		= "instance disabled",
	[RVIC_STATUS_NO_INTERRUPTS]	= "no interrupts",
};

static const char *const rvic_calls[] = {
	"VERSION", "INFO", "ENABLE", "DISABLE", "SET_MASKED", "CLEAR_MASKED",
	"IS_PENDING", "SIGNAL", "CLEAR_PENDING", "ACKNOWLEDGE", "RESAMPLE",
};

static const char *rvic_call_name(u32 fn)
{
	if (fn >= RVIC_FN_FIRST && fn <= RVIC_FN_LAST)
		return rvic_calls[fn - RVIC_FN_FIRST];
	if (fn == RVID_FN_MAP)
		return "rVID MAP";
	if (fn == RVID_FN_UNMAP)
		return "rVID UNMAP";
	return "rVID VERSION";
}

/**
 * rvic_call() - make an rVIC or rVID hypercall, reporting failures
 * @fn: function ID
 * @a1: first argument (x1)
 * @a2: second argument (x2)
 * @a3: third argument (x3)
 * @val: where to store x1 on return, or NULL
 *
 * A failure other than NO_INTERRUPTS is reported (rate-limited) with the
 * call, its arguments, the reason and the argument blamed.
 *
 * Return: the status word.
 */
unsigned long rvic_call(u32 fn, u64 a1, u64 a2, u64 a3, u64 *val)
{
	struct arm_smccc_res res;
	unsigned int reason;

	arm_smccc_1_1_invoke(fn, a1, a2, a3, &res);
	if (val)
		*val = res.a1;

	reason = RVIC_STATUS_REASON(res.a0);
	if (res.a0 != RVIC_STATUS_SUCCESS && reason != RVIC_STATUS_NO_INTERRUPTS)
		pr_err_ratelimited("%s(%#llx, %#llx, %#llx) failed: %s, argument x%lu (status %#lx)\n",
				   rvic_call_name(fn), a1, a2, a3,
				   reason < ARRAY_SIZE(rvic_reasons) ?
				   rvic_reasons[reason] : "unknown reason",
				   RVIC_STATUS_INDEX(res.a0) + 1, res.a0);
	return res.a0;
}

/**
 * rvic_cpu_target() - the rVIC name of a CPU
 * @cpu: logical CPU number
 *
 * Return: its MPIDR affinity fields.
 */
u64 rvic_cpu_target(unsigned int cpu)
{
	return cpu_logical_map(cpu) & MPIDR_HWID_BITMASK;
}

/**
 * rvic_get_info() - the probed rVIC, for child domains
 *
 * Return: the rVIC's domain and counts; the domain is NULL until probed.
 */
const struct rvic_info *rvic_get_info(void)
{
	return &rvic;
}

static bool rvic_is_percpu(irq_hw_number_t intid)
{
	return intid < rvic.nr_trusted;
}

/* The CPU whose instance holds @d: the local one, or the affinity target. */
static u64 rvic_target(struct irq_data *d)
{
	unsigned int cpu = smp_processor_id();

	if (!rvic_is_percpu(d->hwirq)) {
		unsigned int target = cpumask_first(irq_data_get_effective_affinity_mask(d));

		/* Not routed yet (the rVID routes on activation): local CPU */
		if (target < nr_cpu_ids)
			cpu = target;
	}
	return rvic_cpu_target(cpu);
}

static void rvic_mask(struct irq_data *d)
{
	if (rvic_is_percpu(d->hwirq))
		__set_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
	rvic_call(RVIC_FN_SET_MASKED, rvic_target(d), d->hwirq, 0, NULL);
}

static void rvic_unmask(struct irq_data *d)
{
	if (rvic_is_percpu(d->hwirq))
		__clear_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
	rvic_call(RVIC_FN_CLEAR_MASKED, rvic_target(d), d->hwirq, 0, NULL);
}

static void rvic_eoi(struct irq_data *d)
{
	bool masked;

	if (rvic_is_percpu(d->hwirq)) {
		masked = test_bit(d->hwirq, *this_cpu_ptr(&rvic_percpu_disabled));
		/* A level source still high is pending again after this. */
		if (irqd_is_level_type(d))
			rvic_call(RVIC_FN_RESAMPLE, d->hwirq, 0, 0, NULL);
	} else {
		masked = irqd_irq_masked(d);
	}
	if (!masked)
		rvic_call(RVIC_FN_CLEAR_MASKED, rvic_target(d), d->hwirq, 0, NULL);
}

static int rvic_set_type(struct irq_data *d, unsigned int type)
{
	type &= IRQ_TYPE_SENSE_MASK;
	if (type == IRQ_TYPE_EDGE_RISING)
		return 0;
	/* Only trusted INTIDs past the IPIs can be level-sensitive. */
	if (type == IRQ_TYPE_LEVEL_HIGH && d->hwirq >= RVIC_NR_IPIS &&
	    rvic_is_percpu(d->hwirq))
		return 0;
	return -EINVAL;
}

static int rvic_retrigger(struct irq_data *d)
{
	return rvic_call(RVIC_FN_SIGNAL, rvic_target(d), d->hwirq, 0, NULL) ==
	       RVIC_STATUS_SUCCESS;
}

static int rvic_get_irqchip_state(struct irq_data *d, enum irqchip_irq_state which,
				  bool *state)
{
	u64 val;

	if (which != IRQCHIP_STATE_PENDING)
		return -EINVAL;
	if (rvic_call(RVIC_FN_IS_PENDING, rvic_target(d), d->hwirq, 0, &val))
		return -EIO;
	*state = val;
	return 0;
}

static int rvic_set_irqchip_state(struct irq_data *d, enum irqchip_irq_state which,
				  bool state)
{
	u32 fn = state ? RVIC_FN_SIGNAL : RVIC_FN_CLEAR_PENDING;

	if (which != IRQCHIP_STATE_PENDING)
		return -EINVAL;
	return rvic_call(fn, rvic_target(d), d->hwirq, 0, NULL) ? -EIO : 0;
}

/* N CPUs cost N SIGNALs: the rVIC has no broadcast. */
static void rvic_ipi_send_mask(struct irq_data *d, const struct cpumask *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		rvic_call(RVIC_FN_SIGNAL, rvic_cpu_target(cpu), d->hwirq, 0, NULL);
}

static struct irq_chip rvic_chip = {
	.name			= "rvic",
	.irq_mask		= rvic_mask,
	.irq_unmask		= rvic_unmask,
	.irq_eoi		= rvic_eoi,
	.irq_set_type		= rvic_set_type,
	.irq_retrigger		= rvic_retrigger,
	.irq_get_irqchip_state	= rvic_get_irqchip_state,
	.irq_set_irqchip_state	= rvic_set_irqchip_state,
	.ipi_send_mask		= rvic_ipi_send_mask,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

static void __exception_irq_entry rvic_handle_irq(struct pt_regs *regs)
{
	unsigned long status;
	u64 intid;

	status = rvic_call(RVIC_FN_ACKNOWLEDGE, 0, 0, 0, &intid);
	if (status != RVIC_STATUS_SUCCESS) {
		/*
		 * The line was up but nothing is deliverable any more, or
		 * the instance is disabled: counted as "Err" in
		 * /proc/interrupts, the latter also reported by rvic_call().
		 */
		ack_bad_irq(0);
		return;
	}

	if (generic_handle_domain_irq(rvic.domain, intid)) {
		/* ACKNOWLEDGE masked it: it stays masked, we have no handler. */
		ack_bad_irq(intid);
		pr_err_ratelimited("INTID %llu acknowledged without a mapping, left masked\n",
				   intid);
	}
}

static int rvic_translate(struct irq_domain *d, struct irq_fwspec *fwspec,
			  unsigned long *hwirq, unsigned int *type)
{
	if (!is_of_node(fwspec->fwnode) || fwspec->param_count != 2)
		return -EINVAL;
	/* DT only names trusted INTIDs; untrusted ones come from the rVID. */
	if (fwspec->param[0] >= rvic.nr_trusted) {
		pr_err("INTID %u in DT is not trusted (< %u)\n", fwspec->param[0],
		       rvic.nr_trusted);
		return -EINVAL;
	}
	*hwirq = fwspec->param[0];
	*type = fwspec->param[1] & IRQ_TYPE_SENSE_MASK;
	return 0;
}

static int rvic_alloc_untrusted(unsigned int nr_irqs, irq_hw_number_t *base)
{
	unsigned long flags;
	int pos;

	raw_spin_lock_irqsave(&rvic_untrusted_lock, flags);
	pos = bitmap_find_free_region(rvic_untrusted_map, rvic.nr_untrusted,
				      order_base_2(nr_irqs));
	raw_spin_unlock_irqrestore(&rvic_untrusted_lock, flags);
	if (pos < 0)
		return -ENOSPC;
	*base = rvic.nr_trusted + pos;
	return 0;
}

static void rvic_free_untrusted(irq_hw_number_t base, unsigned int nr_irqs)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&rvic_untrusted_lock, flags);
	bitmap_release_region(rvic_untrusted_map, base - rvic.nr_trusted,
			      order_base_2(nr_irqs));
	raw_spin_unlock_irqrestore(&rvic_untrusted_lock, flags);
}

static int rvic_alloc(struct irq_domain *domain, unsigned int virq,
		      unsigned int nr_irqs, void *arg)
{
	struct irq_fwspec *fwspec = arg;
	irq_hw_number_t hwirq;
	unsigned int type = IRQ_TYPE_EDGE_RISING, i;
	int ret;

	if (fwspec->param_count == 1 && fwspec->param[0] == RVIC_FWSPEC_UNTRUSTED) {
		ret = rvic_alloc_untrusted(nr_irqs, &hwirq);
		if (ret)
			return ret;
		for (i = 0; i < nr_irqs; i++)
			irq_domain_set_info(domain, virq + i, hwirq + i, &rvic_chip,
					    NULL, handle_fasteoi_irq, NULL, NULL);
		return 0;
	}

	ret = rvic_translate(domain, fwspec, &hwirq, &type);
	if (ret)
		return ret;
	if (hwirq + nr_irqs > rvic.nr_trusted)
		return -EINVAL;

	for (i = 0; i < nr_irqs; i++) {
		irq_set_percpu_devid(virq + i);
		irq_domain_set_info(domain, virq + i, hwirq + i, &rvic_chip, NULL,
				    handle_percpu_devid_irq, NULL, NULL);
	}
	return 0;
}

static void rvic_free(struct irq_domain *domain, unsigned int virq,
		      unsigned int nr_irqs)
{
	struct irq_data *d = irq_domain_get_irq_data(domain, virq);

	if (d && !rvic_is_percpu(d->hwirq))
		rvic_free_untrusted(d->hwirq, nr_irqs);
	irq_domain_free_irqs_common(domain, virq, nr_irqs);
}

static const struct irq_domain_ops rvic_domain_ops = {
	.translate	= rvic_translate,
	.alloc		= rvic_alloc,
	.free		= rvic_free,
};

/*
 * Bring-up of this CPU's instance: disabled, every INTID masked and not
 * pending, then enabled. A trusted level source that is high (a timer
 * left firing across a CPU off/on) must not be lost with its pending bit:
 * RESAMPLE once enabled makes it pending again, on a 0.3 host too, whose
 * CLEAR_PENDING and ENABLE do not look at levels. Genirq unmasks what it
 * wants afterwards.
 */
static int rvic_starting_cpu(unsigned int cpu)
{
	u64 self = rvic_cpu_target(cpu);
	u32 intid, nr_total = rvic.nr_trusted + rvic.nr_untrusted;

	rvic_call(RVIC_FN_DISABLE, 0, 0, 0, NULL);
	for (intid = 0; intid < nr_total; intid++) {
		rvic_call(RVIC_FN_SET_MASKED, self, intid, 0, NULL);
		rvic_call(RVIC_FN_CLEAR_PENDING, self, intid, 0, NULL);
	}
	bitmap_fill(*this_cpu_ptr(&rvic_percpu_disabled), rvic.nr_trusted);
	rvic_call(RVIC_FN_ENABLE, 0, 0, 0, NULL);
	for (intid = RVIC_NR_IPIS; intid < rvic.nr_trusted; intid++)
		rvic_call(RVIC_FN_RESAMPLE, intid, 0, 0, NULL);
	return 0;
}

static int rvic_dying_cpu(unsigned int cpu)
{
	rvic_call(RVIC_FN_DISABLE, 0, 0, 0, NULL);
	return 0;
}

static int __init rvic_smp_init(struct fwnode_handle *fwnode)
{
	struct irq_fwspec ipi_fwspec = {
		.fwnode		= fwnode,
		.param_count	= 2,
		.param		= { RVIC_IPI_BASE, IRQ_TYPE_EDGE_RISING },
	};
	int base;

	base = irq_domain_alloc_irqs(rvic.domain, RVIC_NR_IPIS, NUMA_NO_NODE, &ipi_fwspec);
	if (base <= 0) {
		pr_err("cannot allocate the IPIs: %d\n", base);
		return base ? base : -ENOMEM;
	}
	set_smp_ipi_range(base, RVIC_NR_IPIS);
	return 0;
}

/**
 * rvic_counts_usable() - can the driver work with the counts INFO gave?
 * @nr_trusted: trusted INTIDs
 * @nr_untrusted: untrusted INTIDs
 *
 * The spec's rules: multiples of 32, at least 32 of each, at most 2048 in
 * all. The counts are 64-bit registers of the hypervisor's: checked so
 * that no sum can wrap around.
 *
 * Return: true if they follow the rules.
 */
bool rvic_counts_usable(u64 nr_trusted, u64 nr_untrusted)
{
	return IS_ALIGNED(nr_trusted, RVIC_NR_INTID_ALIGN) &&
	       IS_ALIGNED(nr_untrusted, RVIC_NR_INTID_ALIGN) &&
	       nr_trusted >= RVIC_MIN_NR_TRUSTED &&
	       nr_untrusted >= RVIC_MIN_NR_UNTRUSTED &&
	       nr_trusted <= RVIC_MAX_NR_INTIDS &&
	       nr_untrusted <= RVIC_MAX_NR_INTIDS - nr_trusted;
}

static int __init rvic_probe_hyp(void)
{
	u64 version, nr_trusted, nr_untrusted;

	if (arm_smccc_1_1_get_conduit() == SMCCC_CONDUIT_NONE ||
	    arm_smccc_get_version() < ARM_SMCCC_VERSION_1_1) {
		pr_err("needs SMCCC 1.1 or later (have %#x)\n", arm_smccc_get_version());
		return -ENODEV;
	}
	if (rvic_call(RVIC_FN_VERSION, 0, 0, 0, &version) ||
	    version < RVIC_VERSION_MIN || version > U32_MAX) {
		pr_err("hypervisor has no rVIC %lu.%lu or later\n",
		       RVIC_VERSION_MAJOR(RVIC_VERSION_MIN),
		       RVIC_VERSION_MINOR(RVIC_VERSION_MIN));
		return -ENODEV;
	}
	if (rvic_call(RVIC_FN_INFO, RVIC_INFO_KEY_NR_TRUSTED, 0, 0, &nr_trusted) ||
	    rvic_call(RVIC_FN_INFO, RVIC_INFO_KEY_NR_UNTRUSTED, 0, 0, &nr_untrusted))
		return -ENODEV;
	if (!rvic_counts_usable(nr_trusted, nr_untrusted)) {
		pr_err("unusable counts: %llu trusted, %llu untrusted\n",
		       nr_trusted, nr_untrusted);
		return -ENODEV;
	}
	rvic.nr_trusted = nr_trusted;
	rvic.nr_untrusted = nr_untrusted;
	pr_info("rVIC %lu.%lu, %u trusted and %u untrusted INTIDs\n",
		RVIC_VERSION_MAJOR(version), RVIC_VERSION_MINOR(version),
		rvic.nr_trusted, rvic.nr_untrusted);
	return 0;
}

static int __init rvic_of_init(struct device_node *node, struct device_node *parent)
{
	unsigned int cpu;
	u32 cells;
	int ret;

	if (parent) {
		pr_err("%pOF: must be the root interrupt controller\n", node);
		return -EINVAL;
	}
	if (!of_property_read_bool(node, "interrupt-controller")) {
		pr_err("%pOF: no interrupt-controller property\n", node);
		return -EINVAL;
	}
	if (of_property_read_u32(node, "#interrupt-cells", &cells) || cells != 2) {
		pr_err("%pOF: #interrupt-cells must be 2 (INTID, trigger type)\n", node);
		return -EINVAL;
	}

	ret = rvic_probe_hyp();
	if (ret)
		return ret;

	rvic_untrusted_map = bitmap_zalloc(rvic.nr_untrusted, GFP_KERNEL);
	if (!rvic_untrusted_map)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		per_cpu(rvic_percpu_disabled, cpu) = bitmap_zalloc(rvic.nr_trusted, GFP_KERNEL);
		if (!per_cpu(rvic_percpu_disabled, cpu)) {
			ret = -ENOMEM;
			goto out_free;
		}
	}

	rvic.domain = irq_domain_create_linear(of_node_to_fwnode(node),
					       rvic.nr_trusted + rvic.nr_untrusted,
					       &rvic_domain_ops, NULL);
	if (!rvic.domain) {
		ret = -ENOMEM;
		goto out_free;
	}
	irq_domain_update_bus_token(rvic.domain, DOMAIN_BUS_WIRED);

	ret = set_handle_irq(rvic_handle_irq);
	if (ret)
		goto out_domain;

	/* Brings up the boot CPU's instance too. */
	ret = cpuhp_setup_state(CPUHP_AP_IRQ_RVIC_STARTING, "irqchip/rvic:starting",
				rvic_starting_cpu, rvic_dying_cpu);
	if (ret)
		goto out_domain;

	ret = rvic_smp_init(of_node_to_fwnode(node));
	if (ret)
		goto out_cpuhp;
	return 0;

out_cpuhp:
	/*
	 * The callbacks use what is freed below: remove them, which
	 * disables the boot CPU's instance (no secondary CPU is up yet).
	 * handle_arch_irq cannot be given back on arm64; with every
	 * instance disabled, rvic_handle_irq() only ever gets DISABLED and
	 * returns without touching the domain.
	 */
	cpuhp_remove_state(CPUHP_AP_IRQ_RVIC_STARTING);
out_domain:
	irq_domain_remove(rvic.domain);
	rvic.domain = NULL;
out_free:
	for_each_possible_cpu(cpu)
		bitmap_free(per_cpu(rvic_percpu_disabled, cpu));
	bitmap_free(rvic_untrusted_map);
	return ret;
}
IRQCHIP_DECLARE(rvic, "arm,rvic", rvic_of_init);
