// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVID: reduced Virtual Interrupt Distributor, a hierarchical domain on top
 * of the rVIC ("arm,rvid", one cell: the input number).
 *
 * Each input (a device interrupt outside the hypervisor) gets an untrusted
 * rVIC INTID from the rVIC's allocator when allocated, is MAPped to (its
 * target CPU, that INTID) on activation and UNMAPped on deactivation.
 * Inputs are edge-triggered.
 *
 * Moving an input from CPU A to CPU B must lose and duplicate nothing, and
 * the hypervisor does not move pending state. rvid_set_affinity() does, in
 * this order: mask on A (if it was unmasked), mask on B, MAP the input to
 * B, sample pending on A and if set, clear it on A and SIGNAL it on B,
 * unmask on B (if it was unmasked). An edge that raced with MAP landed on A
 * (and is caught by the sample) or on B (masked until the end). The genirq
 * descriptor lock, held around every irq_chip callback, serialises this
 * against mask, unmask and EOI: no lock of our own. An edge arriving on B
 * while A still runs the handler is resent by genirq
 * (irqd_set_resend_when_in_progress()).
 */

#define pr_fmt(fmt) "rvid: " fmt

#include <linux/cpumask.h>
#include <linux/irq.h>
#include <linux/irqchip.h>
#include <linux/irqdomain.h>
#include <linux/of.h>
#include <linux/of_irq.h>

#include "rvic-internal.h"

static u32 rvid_nr_inputs;
/* First input and count of arm,msi-inputs; 0, 0 without MSIs */
static u32 rvid_msi_inputs[2];

/* The rVIC INTID behind an input: the hwirq one level down. */
static u32 rvid_intid(struct irq_data *d)
{
	return d->parent_data->hwirq;
}

static int rvid_map(struct irq_data *d, unsigned int cpu)
{
	unsigned long status;

	status = rvic_call(RVID_FN_MAP, d->hwirq, rvic_cpu_target(cpu), rvid_intid(d), NULL);
	return status == RVIC_STATUS_SUCCESS ? 0 : -EIO;
}

static int rvid_set_affinity(struct irq_data *d, const struct cpumask *mask, bool force)
{
	const struct cpumask *eff = irq_data_get_effective_affinity_mask(d);
	unsigned int from = cpumask_first(eff), to;
	u64 a, b, intid = rvid_intid(d), pending = 0;
	bool unmasked = !irqd_irq_masked(d);

	to = force ? cpumask_first(mask) : cpumask_first_and(mask, cpu_online_mask);
	if (to >= nr_cpu_ids)
		return -EINVAL;
	if (to == from)
		return IRQ_SET_MASK_OK_DONE;
	/* Not active yet: activation maps it where the mask says. */
	if (from >= nr_cpu_ids || !irqd_is_activated(d)) {
		irq_data_update_effective_affinity(d, cpumask_of(to));
		return IRQ_SET_MASK_OK_DONE;
	}

	a = rvic_cpu_target(from);
	b = rvic_cpu_target(to);
	if (unmasked)
		rvic_call(RVIC_FN_SET_MASKED, a, intid, 0, NULL);
	rvic_call(RVIC_FN_SET_MASKED, b, intid, 0, NULL);

	if (rvid_map(d, to)) {
		/* Still routed to A: say so, and leave it as it was. */
		if (unmasked)
			rvic_call(RVIC_FN_CLEAR_MASKED, a, intid, 0, NULL);
		return -EIO;
	}
	irq_data_update_effective_affinity(d, cpumask_of(to));

	if (rvic_call(RVIC_FN_IS_PENDING, a, intid, 0, &pending) == RVIC_STATUS_SUCCESS &&
	    pending) {
		rvic_call(RVIC_FN_CLEAR_PENDING, a, intid, 0, NULL);
		rvic_call(RVIC_FN_SIGNAL, b, intid, 0, NULL);
	}
	if (unmasked)
		rvic_call(RVIC_FN_CLEAR_MASKED, b, intid, 0, NULL);
	return IRQ_SET_MASK_OK_DONE;
}

static int rvid_set_type(struct irq_data *d, unsigned int type)
{
	return (type & IRQ_TYPE_SENSE_MASK) == IRQ_TYPE_EDGE_RISING ? 0 : -EINVAL;
}

static struct irq_chip rvid_chip = {
	.name			= "rvid",
	.irq_mask		= irq_chip_mask_parent,
	.irq_unmask		= irq_chip_unmask_parent,
	.irq_eoi		= irq_chip_eoi_parent,
	.irq_set_type		= rvid_set_type,
	.irq_set_affinity	= rvid_set_affinity,
	.irq_retrigger		= irq_chip_retrigger_hierarchy,
	.irq_get_irqchip_state	= irq_chip_get_parent_state,
	.irq_set_irqchip_state	= irq_chip_set_parent_state,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

/* An input as a fwspec names it, from the DT or from the MSI domain. */
static int rvid_decode(struct irq_fwspec *fwspec, unsigned long *hwirq,
		       unsigned int *type)
{
	if (!is_of_node(fwspec->fwnode) || fwspec->param_count != 1)
		return -EINVAL;
	if (fwspec->param[0] >= rvid_nr_inputs) {
		pr_err("input %u out of range (%u inputs)\n", fwspec->param[0],
		       rvid_nr_inputs);
		return -EINVAL;
	}
	*hwirq = fwspec->param[0];
	*type = IRQ_TYPE_EDGE_RISING;
	return 0;
}

/*
 * A device node's interrupts: the inputs of arm,msi-inputs belong to the
 * MSI domain (which allocates through rvid_alloc() without coming here),
 * and the binding forbids naming them.
 */
static int rvid_translate(struct irq_domain *domain, struct irq_fwspec *fwspec,
			  unsigned long *hwirq, unsigned int *type)
{
	int ret = rvid_decode(fwspec, hwirq, type);

	if (!ret && *hwirq - rvid_msi_inputs[0] < rvid_msi_inputs[1]) {
		pr_err("input %lu is reserved for MSIs (arm,msi-inputs = <%u %u>), not for a device node\n",
		       *hwirq, rvid_msi_inputs[0], rvid_msi_inputs[1]);
		return -EINVAL;
	}
	return ret;
}

static int rvid_alloc(struct irq_domain *domain, unsigned int virq,
		      unsigned int nr_irqs, void *arg)
{
	struct irq_fwspec parent_fwspec = {
		.fwnode		= domain->parent->fwnode,
		.param_count	= 1,
		.param		= { RVIC_FWSPEC_UNTRUSTED },
	};
	irq_hw_number_t input;
	unsigned int type, i;
	int ret;

	ret = rvid_decode(arg, &input, &type);
	if (ret)
		return ret;
	if (input + nr_irqs > rvid_nr_inputs)
		return -EINVAL;

	ret = irq_domain_alloc_irqs_parent(domain, virq, nr_irqs, &parent_fwspec);
	if (ret)
		return ret;

	for (i = 0; i < nr_irqs; i++) {
		irq_domain_set_info(domain, virq + i, input + i, &rvid_chip, NULL,
				    handle_fasteoi_irq, NULL, NULL);
		irqd_set_resend_when_in_progress(irq_get_irq_data(virq + i));
	}
	return 0;
}

/* Route the input to a CPU of its affinity, online, before first use. */
static int rvid_activate(struct irq_domain *domain, struct irq_data *d, bool reserve)
{
	unsigned int cpu = cpumask_first(irq_data_get_effective_affinity_mask(d));

	if (cpu >= nr_cpu_ids || !cpu_online(cpu))
		cpu = cpumask_first_and(irq_data_get_affinity_mask(d), cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		cpu = smp_processor_id();

	if (rvid_map(d, cpu))
		return -EIO;
	irq_data_update_effective_affinity(d, cpumask_of(cpu));
	return 0;
}

/*
 * UNMAP, then clear what an edge left pending on the target: once UNMAP
 * has returned, no edge can land there any more (the hypervisor completes
 * every injection that read the old mapping first), so the next user of
 * the INTID starts clean. Edges after UNMAP are dropped, as they must be.
 */
static void rvid_deactivate(struct irq_domain *domain, struct irq_data *d)
{
	unsigned int cpu = cpumask_first(irq_data_get_effective_affinity_mask(d));

	rvic_call(RVID_FN_UNMAP, d->hwirq, 0, 0, NULL);
	if (cpu < nr_cpu_ids)
		rvic_call(RVIC_FN_CLEAR_PENDING, rvic_cpu_target(cpu), rvid_intid(d), 0, NULL);
}

static const struct irq_domain_ops rvid_domain_ops = {
	.translate	= rvid_translate,
	.alloc		= rvid_alloc,
	.free		= irq_domain_free_irqs_common,
	.activate	= rvid_activate,
	.deactivate	= rvid_deactivate,
};

static int __init rvid_of_init(struct device_node *node, struct device_node *parent)
{
	const struct rvic_info *rvic = rvic_get_info();
	struct irq_domain *domain;
	u64 version;
	u32 cells;

	if (!parent || !of_device_is_compatible(parent, "arm,rvic")) {
		pr_err("%pOF: interrupt-parent must be an arm,rvic node\n", node);
		return -ENODEV;
	}
	if (!rvic->domain || irq_find_host(parent) != rvic->domain) {
		pr_err("%pOF: its rVIC %pOF did not probe\n", node, parent);
		return -ENODEV;
	}
	if (!of_property_read_bool(node, "interrupt-controller")) {
		pr_err("%pOF: no interrupt-controller property\n", node);
		return -EINVAL;
	}
	if (of_property_read_u32(node, "#interrupt-cells", &cells) || cells != 1) {
		pr_err("%pOF: #interrupt-cells must be 1 (the input number)\n", node);
		return -EINVAL;
	}
	if (rvic_call(RVID_FN_VERSION, 0, 0, 0, &version) || version < RVIC_VERSION_MIN) {
		pr_err("hypervisor has no usable rVID\n");
		return -ENODEV;
	}

	rvid_nr_inputs = rvic->nr_untrusted;
	/* Checked by rvic_msi_init(); refused to device nodes in any case */
	if (of_property_read_u32_array(node, "arm,msi-inputs", rvid_msi_inputs, 2))
		memset(rvid_msi_inputs, 0, sizeof(rvid_msi_inputs));
	domain = irq_domain_create_hierarchy(rvic->domain, 0, rvid_nr_inputs,
					     of_node_to_fwnode(node),
					     &rvid_domain_ops, NULL);
	if (!domain)
		return -ENOMEM;
	irq_domain_update_bus_token(domain, DOMAIN_BUS_WIRED);
	pr_info("%pOF: %u inputs\n", node, rvid_nr_inputs);
	/* Wired inputs work without MSIs: a failure there is only logged. */
	rvic_msi_init(node, domain);
	return 0;
}
IRQCHIP_DECLARE(rvid, "arm,rvid", rvid_of_init);
