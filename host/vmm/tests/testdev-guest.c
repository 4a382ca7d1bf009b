// SPDX-License-Identifier: GPL-2.0
/*
 * A bare-metal guest for rvic-vmm --testdev: it drives the test device and
 * counts the deliveries of its interrupt exactly, on either irqchip, with
 * no Linux driver involved. Run with one vCPU; it prints one line per
 * check on the UART ("testdev-guest: ok ..." or "testdev-guest: FAIL ...")
 * and powers off.
 *
 * The interrupt stays masked in PSTATE (as KVM enters the guest): the
 * guest polls the irqchip instead of taking the exception, which is all it
 * takes to see a delivery. rVIC: ACKNOWLEDGE hypercalls; GICv3: ICC_IAR1.
 * Which irqchip is there is found out by asking for the rVIC's version:
 * a VM with a GICv3 answers NOT_SUPPORTED.
 */
#include <stdint.h>

#include "../testdev-regs.h"

typedef uint32_t u32;
typedef uint64_t u64;

#define UART_THR		0x09000000UL
#define TESTDEV			0x09010000UL

#define RVIC_FN(n)		(0xc5000200U + (n))
#define RVID_FN(n)		(0xc5000100U + (n))
#define RVIC_VERSION		RVIC_FN(0)
#define RVIC_INFO		RVIC_FN(1)
#define RVIC_ENABLE		RVIC_FN(2)
#define RVIC_CLEAR_MASKED	RVIC_FN(5)
#define RVIC_ACKNOWLEDGE	RVIC_FN(9)
#define RVID_MAP		RVID_FN(1)
#define RVIC_INFO_NR_TRUSTED	0
#define RVIC_STATUS(x0)		((x0) & 0xff)
#define RVIC_NO_INTERRUPTS	4

#define GICD_BASE		0x08000000UL
#define GICR_BASE		0x080a0000UL
#define GICD_CTLR		0x0000
#define GICD_CTLR_RWP		(1U << 31)
#define GICD_CTLR_ARE		(1U << 4)
#define GICD_CTLR_GRP1		(1U << 1)
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICR_WAKER		0x0014
#define GICR_WAKER_SLEEP	(1U << 1)
#define GICR_WAKER_ASLEEP	(1U << 2)
#define GIC_SPURIOUS		1023

#define N_FIRES			20
#define WAIT_SECONDS		10

static unsigned int failures;

static inline void w32(unsigned long a, u32 v)
{
	*(volatile u32 *)a = v;
}

static inline u32 r32(unsigned long a)
{
	return *(volatile u32 *)a;
}

static void puts_(const char *s)
{
	while (*s)
		*(volatile unsigned char *)UART_THR = *s++;
}

static void putu(u64 v)
{
	char b[21];
	int i = 20;

	b[i] = 0;
	do {
		b[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	puts_(&b[i]);
}

static void check(int ok, const char *what, u64 got, u64 want)
{
	puts_(ok ? "testdev-guest: ok " : "testdev-guest: FAIL ");
	puts_(what);
	puts_(" (got ");
	putu(got);
	puts_(", want ");
	putu(want);
	puts_(")\n");
	failures += !ok;
}

struct smccc_res {
	u64 a0, a1;
};

static struct smccc_res hvc(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : : "memory");
	return (struct smccc_res){ x0, x1 };
}

/* The irqchip, behind three calls: set up, poll one delivery, end it. */
static int is_rvic;
static u32 intid;

static void rvic_setup(u32 input)
{
	struct smccc_res r;

	r = hvc(RVIC_ENABLE, 0, 0, 0);
	check(r.a0 == 0, "rvic ENABLE status", r.a0, 0);
	r = hvc(RVIC_INFO, RVIC_INFO_NR_TRUSTED, 0, 0);
	intid = r.a1;			/* the first untrusted INTID */
	r = hvc(RVID_MAP, input, 0, intid);
	check(r.a0 == 0, "rvid MAP status", r.a0, 0);
	r = hvc(RVIC_CLEAR_MASKED, 0, intid, 0);
	check(r.a0 == 0, "rvic CLEAR_MASKED status", r.a0, 0);
}

static void gic_setup(u32 spi)
{
	unsigned long rd = GICR_BASE;
	u64 sre;

	intid = 32 + spi;
	asm volatile("mrs %0, S3_0_C12_C12_5" : "=r"(sre));	/* ICC_SRE_EL1 */
	asm volatile("msr S3_0_C12_C12_5, %0; isb" : : "r"(sre | 1));
	w32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	while (r32(GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	w32(rd + GICR_WAKER, r32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (r32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	w32(GICD_BASE + GICD_IGROUPR + intid / 32 * 4,
	    r32(GICD_BASE + GICD_IGROUPR + intid / 32 * 4) | 1U << intid % 32);
	w32(GICD_BASE + GICD_IPRIORITYR + (intid & ~3U), 0xa0a0a0a0);
	w32(GICD_BASE + GICD_ICFGR + intid / 16 * 4,
	    r32(GICD_BASE + GICD_ICFGR + intid / 16 * 4) |
	    2U << (intid % 16 * 2));				/* edge */
	*(volatile u64 *)(GICD_BASE + GICD_IROUTER + intid * 8) = 0;
	w32(GICD_BASE + GICD_ISENABLER + intid / 32 * 4, 1U << intid % 32);
	asm volatile("msr S3_0_C4_C6_0, %0" : : "r"(0xffUL));	/* PMR */
	asm volatile("msr S3_0_C12_C12_7, %0; isb" : : "r"(1UL)); /* IGRPEN1 */
}

static u64 counter(void)
{
	u64 c;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(c));
	return c;
}

/* Return: the INTID taken, or -1 if nothing came within WAIT_SECONDS. */
static long take_irq(void)
{
	u64 freq, end;
	struct smccc_res r;
	u64 iar;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	end = counter() + WAIT_SECONDS * freq;
	while (counter() < end) {
		if (is_rvic) {
			r = hvc(RVIC_ACKNOWLEDGE, 0, 0, 0);
			if (RVIC_STATUS(r.a0) == 0)
				return r.a1;
		} else {
			asm volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar));
			if ((iar & 0xffffff) != GIC_SPURIOUS)
				return iar & 0xffffff;
		}
	}
	return -1;
}

static void end_irq(u32 id)
{
	if (is_rvic)
		hvc(RVIC_CLEAR_MASKED, 0, id, 0);	/* the rVIC's EOI */
	else
		asm volatile("msr S3_0_C12_C12_1, %0; isb" : : "r"((u64)id));
}

int guest_main(u64 dtb)
{
	u32 irq, got = 0, wrong = 0;
	struct smccc_res r;
	long id;

	check(dtb && *(volatile u32 *)dtb == 0xedfe0dd0, "x0 points to the DTB",
	      dtb, dtb);
	check(r32(TESTDEV + TD_ID) == TD_ID_VALUE, "testdev ID",
	      r32(TESTDEV + TD_ID), TD_ID_VALUE);
	irq = r32(TESTDEV + TD_IRQ);

	r = hvc(RVIC_VERSION, 0, 0, 0);
	is_rvic = r.a0 == 0;
	puts_(is_rvic ? "testdev-guest: irqchip rvic, rVID input " :
			"testdev-guest: irqchip gicv3, SPI ");
	putu(irq);
	puts_("\n");
	if (is_rvic)
		rvic_setup(irq);
	else
		gic_setup(irq);

	/* WAIT_ACK: exactly one fire in flight, so exactly N deliveries. */
	w32(TESTDEV + TD_CTRL, TD_CTRL_WAIT_ACK);
	w32(TESTDEV + TD_COUNT, N_FIRES);
	while (got < N_FIRES) {
		id = take_irq();
		if (id < 0)
			break;
		if ((u32)id != intid)
			wrong++;
		end_irq(id);
		got++;
		w32(TESTDEV + TD_ACK, 1);
	}
	check(got == N_FIRES, "deliveries with WAIT_ACK", got, N_FIRES);
	check(!wrong, "deliveries of another INTID", wrong, 0);
	check(r32(TESTDEV + TD_FIRED) == N_FIRES, "FIRED",
	      r32(TESTDEV + TD_FIRED), N_FIRES);
	check(r32(TESTDEV + TD_ACK) == N_FIRES, "ACK", r32(TESTDEV + TD_ACK),
	      N_FIRES);
	check(r32(TESTDEV + TD_STATUS) == 0, "STATUS idle",
	      r32(TESTDEV + TD_STATUS), 0);

	/* Held back: one fire, then nothing until the guest acknowledges. */
	w32(TESTDEV + TD_CTRL, TD_CTRL_WAIT_ACK | TD_CTRL_RESET);
	w32(TESTDEV + TD_COUNT, 2);
	id = take_irq();
	if (id >= 0)
		end_irq(id);
	check(r32(TESTDEV + TD_FIRED) == 1, "FIRED while waiting for ACK",
	      r32(TESTDEV + TD_FIRED), 1);
	check(r32(TESTDEV + TD_STATUS) == 3, "STATUS busy and waiting",
	      r32(TESTDEV + TD_STATUS), 3);
	w32(TESTDEV + TD_ACK, 1);
	id = take_irq();
	if (id >= 0)
		end_irq(id);
	w32(TESTDEV + TD_ACK, 1);
	check(id == (long)intid && r32(TESTDEV + TD_FIRED) == 2,
	      "second fire after ACK", r32(TESTDEV + TD_FIRED), 2);

	/* RESET drops what is queued. */
	w32(TESTDEV + TD_CTRL, TD_CTRL_RESET);
	w32(TESTDEV + TD_PERIOD_US, 1000000);
	w32(TESTDEV + TD_COUNT, 5);
	w32(TESTDEV + TD_CTRL, TD_CTRL_RESET);
	check(r32(TESTDEV + TD_COUNT) == 0 && r32(TESTDEV + TD_FIRED) == 0,
	      "RESET drops queued fires", r32(TESTDEV + TD_COUNT), 0);

	puts_(failures ? "testdev-guest: FAILED\n" : "testdev-guest: PASSED\n");
	return 0;
}
