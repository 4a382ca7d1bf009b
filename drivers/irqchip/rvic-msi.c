// SPDX-License-Identifier: GPL-2.0-only
/*
 * rVID MSIs: an MSI parent domain on top of the rVID.
 *
 * What the hypervisor offers: the rVID node may set aside a contiguous
 * range of its inputs for MSIs ("arm,msi-inputs = <first count>") and name
 * a doorbell address ("arm,msi-doorbell"). A device MSI is a write of the
 * number of an input of that range to the doorbell; the hypervisor decodes
 * it (KVM_SIGNAL_MSI, MSI irqfd routes) and fires that input exactly as a
 * wired device would. Nothing is behind the doorbell: a write to any other
 * address, or of an input outside the range, is refused by the hypervisor.
 *
 * Implementation notes:
 *
 * - One domain, DOMAIN_BUS_NEXUS, on the rVID node's fwnode next to the
 *   rVID's own DOMAIN_BUS_WIRED domain, and a child of it. It is an MSI
 *   parent in the 6.12 sense (IRQ_DOMAIN_FLAG_MSI_PARENT): the per-device
 *   PCI MSI and MSI-X domains are created on top of it by the MSI core,
 *   through the helpers of irq-msi-lib.c. A PCI host bridge finds it with
 *   msi-parent = <&rvid>.
 *
 * - Our hwirq is the rVID input, which is also the message data. The inputs
 *   of the range are handed out from a bitmap; each allocation asks the
 *   rVID for exactly those inputs (one fwspec naming the first input and
 *   nr_irqs of them), which in turn takes untrusted INTIDs from the rVIC
 *   and MAPs the inputs on activation. A multi-MSI block of n vectors is
 *   naturally aligned in input numbers (the device ORs the vector index
 *   into the low bits of the data) and reserves a power-of-two block, as
 *   the device may use that many data values.
 *
 * - Everything else belongs to the rVID: mask, unmask, EOI and affinity go
 *   to the parent. Moving an input to another CPU does not change the
 *   message, so rvid_set_affinity() returning IRQ_SET_MASK_OK_DONE keeps
 *   the MSI core from rewriting it.
 *
 * - An allocation that fails gives back everything it took: the parent's
 *   interrupts (the rVID frees its rVIC INTIDs with them) and the inputs
 *   in the bitmap. The 2020 prototype leaked the parent interrupts there.
 */

#define pr_fmt(fmt) "rvic-msi: " fmt

#include <linux/bitmap.h>
#include <linux/iommu.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/log2.h>
#include <linux/msi.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "irq-msi-lib.h"
#include "rvic-internal.h"

/* There is one rVID per VM, so one range. */
static struct {
	phys_addr_t	doorbell;
	u32		base;		/* first rVID input for MSIs */
	u32		count;		/* inputs from there */
	unsigned long	*inputs;	/* bit n: input base + n is taken */
	spinlock_t	lock;		/* protects @inputs */
} rvic_msi = {
	.lock	= __SPIN_LOCK_UNLOCKED(rvic_msi.lock),
};

static void rvic_msi_compose_msg(struct irq_data *d, struct msi_msg *msg)
{
	msg->address_hi = upper_32_bits(rvic_msi.doorbell);
	msg->address_lo = lower_32_bits(rvic_msi.doorbell);
	msg->data = d->hwirq;
	iommu_dma_compose_msi_msg(irq_data_get_msi_desc(d), msg);
}

static struct irq_chip rvic_msi_chip = {
	.name			= "rvid-msi",
	.irq_mask		= irq_chip_mask_parent,
	.irq_unmask		= irq_chip_unmask_parent,
	.irq_eoi		= irq_chip_eoi_parent,
	.irq_set_affinity	= irq_chip_set_affinity_parent,
	.irq_retrigger		= irq_chip_retrigger_hierarchy,
	.irq_compose_msi_msg	= rvic_msi_compose_msg,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

/* Reserve a naturally aligned block of 2^order inputs; -ENOSPC if none. */
static int rvic_msi_reserve(unsigned int order, u32 *input)
{
	unsigned long nr = 1UL << order, mask = nr - 1, off;

	spin_lock(&rvic_msi.lock);
	off = bitmap_find_next_zero_area_off(rvic_msi.inputs, rvic_msi.count,
					     0, nr, mask, rvic_msi.base & mask);
	if (off < rvic_msi.count)
		bitmap_set(rvic_msi.inputs, off, nr);
	spin_unlock(&rvic_msi.lock);

	if (off >= rvic_msi.count)
		return -ENOSPC;
	*input = rvic_msi.base + off;
	return 0;
}

static void rvic_msi_release(u32 input, unsigned int order)
{
	spin_lock(&rvic_msi.lock);
	bitmap_clear(rvic_msi.inputs, input - rvic_msi.base, 1U << order);
	spin_unlock(&rvic_msi.lock);
}

static int rvic_msi_alloc(struct irq_domain *domain, unsigned int virq,
			  unsigned int nr_irqs, void *args)
{
	unsigned int order = order_base_2(nr_irqs), i;
	struct irq_fwspec fwspec = {
		.fwnode		= domain->parent->fwnode,
		.param_count	= 1,
	};
	msi_alloc_info_t *info = args;
	u32 input;
	int ret;

	ret = rvic_msi_reserve(order, &input);
	if (ret)
		return ret;

	ret = iommu_dma_prepare_msi(info->desc, rvic_msi.doorbell);
	if (ret)
		goto err_release;

	/* The rVID allocates nr_irqs inputs from param[0] on, all or none. */
	fwspec.param[0] = input;
	ret = irq_domain_alloc_irqs_parent(domain, virq, nr_irqs, &fwspec);
	if (ret)
		goto err_release;

	for (i = 0; i < nr_irqs; i++)
		irq_domain_set_hwirq_and_chip(domain, virq + i, input + i,
					      &rvic_msi_chip, NULL);
	return 0;

err_release:
	rvic_msi_release(input, order);
	return ret;
}

static void rvic_msi_free(struct irq_domain *domain, unsigned int virq,
			  unsigned int nr_irqs)
{
	struct irq_data *d = irq_domain_get_irq_data(domain, virq);
	u32 input = d->hwirq;

	/* Inputs go back to the bitmap only once the rVID let go of them. */
	irq_domain_free_irqs_parent(domain, virq, nr_irqs);
	rvic_msi_release(input, order_base_2(nr_irqs));
}

static const struct irq_domain_ops rvic_msi_domain_ops = {
	.select	= msi_lib_irq_domain_select,
	.alloc	= rvic_msi_alloc,
	.free	= rvic_msi_free,
};

#define RVIC_MSI_FLAGS_REQUIRED		(MSI_FLAG_USE_DEF_DOM_OPS |	\
					 MSI_FLAG_USE_DEF_CHIP_OPS |	\
					 MSI_FLAG_PCI_MSI_MASK_PARENT)

#define RVIC_MSI_FLAGS_SUPPORTED	(MSI_GENERIC_FLAGS_MASK |	\
					 MSI_FLAG_PCI_MSIX |		\
					 MSI_FLAG_MULTI_PCI_MSI)

static const struct msi_parent_ops rvic_msi_parent_ops = {
	.supported_flags	= RVIC_MSI_FLAGS_SUPPORTED,
	.required_flags		= RVIC_MSI_FLAGS_REQUIRED,
	.bus_select_token	= DOMAIN_BUS_NEXUS,
	.bus_select_mask	= MATCH_PCI_MSI | MATCH_PLATFORM_MSI,
	.prefix			= "rVID-",
	.init_dev_msi_info	= msi_lib_init_dev_msi_info,
};

/**
 * rvic_msi_init() - create the MSI parent domain of an rVID, if it has one
 * @node: the rVID's node
 * @rvid: the rVID's domain, the parent of the new one
 *
 * Called by the rVID driver once its domain exists. The rVID works without
 * MSIs, so a failure here only leaves it without them.
 *
 * Return: 0 when the node has no msi-controller property or the domain was
 * created, a negative errno otherwise.
 */
int __init rvic_msi_init(struct device_node *node, struct irq_domain *rvid)
{
	u32 nr_inputs = rvic_get_info()->nr_untrusted, range[2];
	struct irq_domain *domain;
	u64 doorbell;

	if (!of_property_read_bool(node, "msi-controller"))
		return 0;
	if (of_property_read_u32_array(node, "arm,msi-inputs", range, 2) ||
	    of_property_read_u64(node, "arm,msi-doorbell", &doorbell)) {
		pr_err("%pOF: msi-controller needs arm,msi-inputs and arm,msi-doorbell\n",
		       node);
		return -EINVAL;
	}
	if (!range[1] || range[0] >= nr_inputs || range[1] > nr_inputs - range[0]) {
		pr_err("%pOF: MSI inputs [%u, +%u) outside the %u rVID inputs\n",
		       node, range[0], range[1], nr_inputs);
		return -EINVAL;
	}

	rvic_msi.base = range[0];
	rvic_msi.count = range[1];
	rvic_msi.doorbell = doorbell;
	rvic_msi.inputs = bitmap_zalloc(rvic_msi.count, GFP_KERNEL);
	if (!rvic_msi.inputs)
		return -ENOMEM;

	domain = irq_domain_create_hierarchy(rvid, 0, 0, of_node_to_fwnode(node),
					     &rvic_msi_domain_ops, NULL);
	if (!domain) {
		bitmap_free(rvic_msi.inputs);
		rvic_msi.inputs = NULL;
		return -ENOMEM;
	}
	irq_domain_update_bus_token(domain, DOMAIN_BUS_NEXUS);
	domain->flags |= IRQ_DOMAIN_FLAG_MSI_PARENT;
	domain->msi_parent_ops = &rvic_msi_parent_ops;

	pr_info("%pOF: MSIs on inputs [%u, %u), doorbell %pa\n", node,
		rvic_msi.base, rvic_msi.base + rvic_msi.count, &rvic_msi.doorbell);
	return 0;
}
