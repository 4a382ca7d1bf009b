/* SPDX-License-Identifier: GPL-2.0-only */
/* Interface between the rVIC root driver and the rVID (and MSI) drivers. */
#ifndef __DRIVERS_IRQCHIP_RVIC_INTERNAL_H
#define __DRIVERS_IRQCHIP_RVIC_INTERNAL_H

#include <linux/irqdomain.h>
#include <linux/irqchip/irq-rvic.h>

/*
 * fwspec of a child domain asking the rVIC for untrusted INTIDs:
 * param_count 1, param[0] RVIC_FWSPEC_UNTRUSTED. The INTIDs granted are
 * contiguous and the hwirqs of the parent irq_data.
 */
#define RVIC_FWSPEC_UNTRUSTED	U32_MAX

struct rvic_info {
	struct irq_domain	*domain;
	u32			nr_trusted;
	u32			nr_untrusted;
};

const struct rvic_info *rvic_get_info(void);
unsigned long rvic_call(u32 fn, u64 a1, u64 a2, u64 a3, u64 *val);
u64 rvic_cpu_target(unsigned int cpu);
bool rvic_counts_usable(u64 nr_trusted, u64 nr_untrusted);

#ifdef CONFIG_RVIC_MSI
int rvic_msi_init(struct device_node *node, struct irq_domain *rvid);
#else
static inline int rvic_msi_init(struct device_node *node, struct irq_domain *rvid)
{
	return 0;
}
#endif

#endif
