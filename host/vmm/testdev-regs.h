/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test device's registers (testdev.c documents what they do), shared
 * by the device and the bare-metal test guest (tests/testdev-guest.c).
 * The guest kernel's driver (tests/kernel/rvic-testdev.c) is built in the
 * kernel tree and keeps its own copy of the offsets it uses.
 */
#ifndef RVIC_VMM_TESTDEV_REGS_H
#define RVIC_VMM_TESTDEV_REGS_H

#define TD_ID			0x00
#define TD_COUNT		0x04
#define TD_PERIOD_US		0x08
#define TD_FIRED		0x0c
#define TD_ACK			0x10
#define TD_CTRL			0x14
#define TD_STATUS		0x18
#define TD_IRQ			0x1c
#define TD_RESUMED		0x20

#define TD_ID_VALUE		0x54444556	/* "TDEV" */
#define TD_CTRL_WAIT_ACK	0x1
#define TD_CTRL_RESET		0x2
#define TD_STATUS_BUSY		0x1
#define TD_STATUS_WAITING	0x2

#endif
