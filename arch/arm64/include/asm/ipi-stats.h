/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPI instrumentation hooks of the arm64 SMP core (smp-ipi/ipi-stats.c):
 * per-type counts and send-to-handler latency, whatever the irqchip.
 */
#ifndef __ASM_IPI_STATS_H
#define __ASM_IPI_STATS_H

#include <linux/cpumask.h>

#ifdef CONFIG_RVIC_IPI_STATS
void ipi_stats_send(const struct cpumask *target, unsigned int ipinr);
void ipi_stats_handle(unsigned int ipinr);
#else
static inline void ipi_stats_send(const struct cpumask *target, unsigned int ipinr) {}
static inline void ipi_stats_handle(unsigned int ipinr) {}
#endif

#endif /* __ASM_IPI_STATS_H */
