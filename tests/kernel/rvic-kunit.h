/* SPDX-License-Identifier: GPL-2.0-only */
/* What the guest KUnit suites (rvic-kunit.c) use outside their file. */
#ifndef __RVIC_KUNIT_H
#define __RVIC_KUNIT_H

#include <linux/types.h>

struct pt_regs;
struct rvic_testdev;

/* rvic-testdev.c: the VMM's test device, NULL when there is none */
struct rvic_testdev *rvic_testdev_get(void);
int rvic_testdev_get_irq(struct rvic_testdev *td);
void rvic_testdev_fire(struct rvic_testdev *td, u32 n);
u32 rvic_testdev_fired(struct rvic_testdev *td);
unsigned long rvic_testdev_handled(struct rvic_testdev *td);
void rvic_testdev_reset(struct rvic_testdev *td);
void rvic_testdev_free_irq(struct rvic_testdev *td);
int rvic_testdev_request_irq(struct rvic_testdev *td);

/*
 * arch/arm64/kernel/irq.c: the root irqchip's exception handler (the
 * rVIC's, once probed), which linux/irq.h only declares for
 * GENERIC_IRQ_MULTI_HANDLER. The spurious-ACK case calls it directly.
 */
extern void (*handle_arch_irq)(struct pt_regs *regs);

/* arch/arm64/kernel/smp.c: spurious interrupts, "Err" in /proc/interrupts */
extern unsigned long irq_err_count;

#endif
