// SPDX-License-Identifier: GPL-2.0
/*
 * --testdev: an MMIO device that fires its interrupt on request, so that
 * guest tests can count deliveries exactly.
 *
 * DT: testdev@9010000, compatible "rvic,testdev", one interrupt from
 * irq_alloc(): an rVID input with an rVIC, an edge-rising SPI with a
 * GICv3. Every fire is one edge (irq_pulse()), from the device's own
 * thread, through the same irq_line() path as every device.
 *
 * Registers, 32 bits wide, little endian; other widths read as 0 and
 * are ignored on write:
 *
 *   0x00 ID         R   0x54444556 ("TDEV")
 *   0x04 COUNT      RW  write N: queue N more fires; read: fires queued
 *   0x08 PERIOD_US  RW  delay before each fire, in microseconds (default 0)
 *   0x0c FIRED      R   fires done since the last reset; a fire is
 *                       counted once KVM_IRQ_LINE has returned
 *   0x10 ACK        RW  write N: the guest handled N more interrupts;
 *                       read: handled interrupts acknowledged so far
 *   0x14 CTRL       RW  bit 0 WAIT_ACK: fire the next one only once
 *                       ACK == FIRED (one in flight at a time, so no two
 *                       fires can merge into one pending interrupt);
 *                       bit 1 RESET (write only): drop the queued fires,
 *                       zero FIRED and ACK
 *   0x18 STATUS     R   bit 0 BUSY: fires queued; bit 1 WAITING: held
 *                       back by WAIT_ACK
 *   0x1c IRQ        R   the interrupt number in the DT node (rVID input
 *                       or SPI number)
 *   0x20 RESUMED    R   how many times the guest was resumed from a
 *                       snapshot (rvic-vmm --restore) since it booted
 *
 * Without WAIT_ACK, fires closer together than the guest takes them can
 * merge (an edge on an already pending interrupt is lost): use PERIOD_US
 * or WAIT_ACK when counting.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libfdt.h>

#include "testdev-regs.h"
#include "vmm.h"

struct testdev {
	struct mmio_dev dev;
	pthread_mutex_t lock;	/* everything below */
	pthread_cond_t kick;	/* something for the thread to look at */
	int irq;
	u32 queued, period_us, fired, acked, ctrl;
	u32 generation;		/* bumped by RESET */
	u32 resumed;		/* --restore count */
};

static struct testdev testdev = {
	.lock	= PTHREAD_MUTEX_INITIALIZER,
	.kick	= PTHREAD_COND_INITIALIZER,
};

static bool held_back(struct testdev *t)
{
	return (t->ctrl & TD_CTRL_WAIT_ACK) && t->acked < t->fired;
}

static void testdev_read(struct mmio_dev *dev, u64 off, void *data, u32 len)
{
	struct testdev *t = (struct testdev *)dev;
	u32 val = 0;

	pthread_mutex_lock(&t->lock);
	switch (off) {
	case TD_ID:
		val = TD_ID_VALUE;
		break;
	case TD_COUNT:
		val = t->queued;
		break;
	case TD_PERIOD_US:
		val = t->period_us;
		break;
	case TD_FIRED:
		val = t->fired;
		break;
	case TD_ACK:
		val = t->acked;
		break;
	case TD_CTRL:
		val = t->ctrl;
		break;
	case TD_IRQ:
		val = t->irq;
		break;
	case TD_RESUMED:
		val = t->resumed;
		break;
	case TD_STATUS:
		val = (t->queued ? TD_STATUS_BUSY : 0) |
		      (t->queued && held_back(t) ? TD_STATUS_WAITING : 0);
		break;
	}
	pthread_mutex_unlock(&t->lock);
	memset(data, 0, len);
	if (len == 4)
		memcpy(data, &val, 4);	/* arm64 VMM: host order is LE */
}

static void testdev_write(struct mmio_dev *dev, u64 off, const void *data,
			  u32 len)
{
	struct testdev *t = (struct testdev *)dev;
	u32 val;

	if (len != 4)
		return;
	memcpy(&val, data, 4);
	pthread_mutex_lock(&t->lock);
	switch (off) {
	case TD_COUNT:
		t->queued += val;
		break;
	case TD_PERIOD_US:
		t->period_us = val;
		break;
	case TD_ACK:
		t->acked += val;
		break;
	case TD_CTRL:
		t->ctrl = val & TD_CTRL_WAIT_ACK;
		if (val & TD_CTRL_RESET) {
			t->queued = t->fired = t->acked = 0;
			t->generation++;
		}
		break;
	}
	pthread_cond_signal(&t->kick);
	pthread_mutex_unlock(&t->lock);
}

static void sleep_us(u32 us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static void *testdev_thread(void *arg)
{
	struct testdev *t = arg;
	u32 gen, period;

	pthread_mutex_lock(&t->lock);
	for (;;) {
		while (!t->queued || held_back(t))
			pthread_cond_wait(&t->kick, &t->lock);
		gen = t->generation;
		period = t->period_us;
		if (period) {
			pthread_mutex_unlock(&t->lock);
			sleep_us(period);
			pthread_mutex_lock(&t->lock);
			/* A RESET while asleep cancelled this fire. */
			if (gen != t->generation || !t->queued)
				continue;
		}
		t->queued--;
		irq_pulse(t->irq);
		t->fired++;
	}
	return NULL;
}

static void testdev_start(struct mmio_dev *dev)
{
	pthread_t thread;
	int err;

	err = pthread_create(&thread, NULL, testdev_thread, dev);
	if (err) {
		errno = err;
		die_perror("testdev: pthread_create");
	}
	pthread_detach(thread);
}

/* What --save keeps: the registers and the fires queued */
struct testdev_state {
	u32 queued, period_us, fired, acked, ctrl, generation, resumed;
};

static size_t testdev_save(struct mmio_dev *dev, void **data)
{
	struct testdev *t = (struct testdev *)dev;
	static struct testdev_state st;

	/* Held for good: the thread stops before its next fire. */
	pthread_mutex_lock(&t->lock);
	st = (struct testdev_state) {
		.queued = t->queued, .period_us = t->period_us, .fired = t->fired,
		.acked = t->acked, .ctrl = t->ctrl, .generation = t->generation,
		.resumed = t->resumed,
	};
	*data = &st;
	return sizeof(st);
}

static int testdev_restore(struct mmio_dev *dev, const void *data, size_t len)
{
	struct testdev *t = (struct testdev *)dev;
	struct testdev_state st;

	if (len != sizeof(st))
		return -1;
	memcpy(&st, data, len);
	pthread_mutex_lock(&t->lock);
	t->queued = st.queued;
	t->period_us = st.period_us;
	t->fired = st.fired;
	t->acked = st.acked;
	t->ctrl = st.ctrl & TD_CTRL_WAIT_ACK;
	t->generation = st.generation;
	t->resumed = st.resumed + 1;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

static void testdev_fdt_node(struct mmio_dev *dev, void *fdt)
{
	struct testdev *t = (struct testdev *)dev;
	char name[32];

	snprintf(name, sizeof(name), "testdev@%llx",
		 (unsigned long long)dev->base);
	FDT(fdt_begin_node(fdt, name));
	FDT(fdt_property_string(fdt, "compatible", "rvic,testdev"));
	fdt_reg(fdt, dev->base, dev->size);
	irqchip_fdt_irq(fdt, t->irq, true);
	FDT(fdt_end_node(fdt));
}

/** testdev_init() - create the interrupt test device */
void testdev_init(void)
{
	testdev.irq = irq_alloc();
	testdev.dev = (struct mmio_dev) {
		.name		= "testdev",
		.base		= TESTDEV_BASE,
		.size		= TESTDEV_SIZE,
		.read		= testdev_read,
		.write		= testdev_write,
		.fdt_node	= testdev_fdt_node,
		.start		= testdev_start,
		.save		= testdev_save,
		.restore	= testdev_restore,
	};
	mmio_register(&testdev.dev);
}
