// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest driver of the VMM's interrupt test device ("rvic,testdev", see
 * host/vmm/testdev.c for its registers), for the guest-level tests: it
 * counts the interrupts it handles, so that a test can compare them with
 * the fires the device did, exactly.
 *
 * debugfs, under rvic-testdev/:
 *   fire       write N: ask the device for N more fires
 *   period_us  write: delay before each fire
 *   wait_ack   write 1: one fire in flight at a time (each handled
 *              interrupt is acknowledged to the device), 0: free running
 *   reset      write anything: drop queued fires, zero the counters
 *   counts     read: "fired F handled H queued Q irq I resumed R" (R:
 *              times the guest was resumed from a snapshot)
 */

#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>

#include "rvic-kunit.h"

#define TD_ID		0x00
#define TD_COUNT	0x04
#define TD_PERIOD_US	0x08
#define TD_FIRED	0x0c
#define TD_ACK		0x10
#define TD_CTRL		0x14
#define TD_RESUMED	0x20
#define TD_CTRL_WAIT_ACK	BIT(0)
#define TD_CTRL_RESET		BIT(1)
#define TD_ID_VALUE	0x54444556

struct rvic_testdev {
	struct device	*dev;
	void __iomem	*base;
	int		irq;
	atomic_long_t	handled;
	u32		ctrl;
};

static irqreturn_t rvic_testdev_irq(int irq, void *data)
{
	struct rvic_testdev *td = data;

	atomic_long_inc(&td->handled);
	if (READ_ONCE(td->ctrl) & TD_CTRL_WAIT_ACK)
		writel(1, td->base + TD_ACK);
	return IRQ_HANDLED;
}

static int td_set(void *data, u64 val, unsigned int reg)
{
	struct rvic_testdev *td = data;

	switch (reg) {
	case TD_CTRL:
		WRITE_ONCE(td->ctrl, val ? TD_CTRL_WAIT_ACK : 0);
		writel(td->ctrl, td->base + TD_CTRL);
		break;
	case TD_ACK:	/* reset */
		writel(td->ctrl | TD_CTRL_RESET, td->base + TD_CTRL);
		atomic_long_set(&td->handled, 0);
		break;
	default:
		writel(val, td->base + reg);
	}
	return 0;
}

static int td_fire(void *data, u64 val) { return td_set(data, val, TD_COUNT); }
static int td_period(void *data, u64 val) { return td_set(data, val, TD_PERIOD_US); }
static int td_wait_ack(void *data, u64 val) { return td_set(data, val, TD_CTRL); }
static int td_reset(void *data, u64 val) { return td_set(data, val, TD_ACK); }
DEFINE_DEBUGFS_ATTRIBUTE(td_fire_fops, NULL, td_fire, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(td_period_fops, NULL, td_period, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(td_wait_ack_fops, NULL, td_wait_ack, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(td_reset_fops, NULL, td_reset, "%llu\n");

static int td_counts_show(struct seq_file *s, void *unused)
{
	struct rvic_testdev *td = s->private;

	seq_printf(s, "fired %u handled %lu queued %u irq %d resumed %u\n",
		   readl(td->base + TD_FIRED), atomic_long_read(&td->handled),
		   readl(td->base + TD_COUNT), td->irq, readl(td->base + TD_RESUMED));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(td_counts);

#if IS_ENABLED(CONFIG_RVIC_KUNIT_TEST)
/* Hooks for the KUnit suites (rvic-kunit.c), declared in rvic-kunit.h */
static struct rvic_testdev *rvic_testdev_instance;

struct rvic_testdev *rvic_testdev_get(void)
{
	return READ_ONCE(rvic_testdev_instance);
}

int rvic_testdev_get_irq(struct rvic_testdev *td)
{
	return td->irq;
}

void rvic_testdev_fire(struct rvic_testdev *td, u32 n)
{
	writel(n, td->base + TD_COUNT);
}

u32 rvic_testdev_fired(struct rvic_testdev *td)
{
	return readl(td->base + TD_FIRED);
}

unsigned long rvic_testdev_handled(struct rvic_testdev *td)
{
	return atomic_long_read(&td->handled);
}

/* Free-running, no delay, nothing queued, counters zero */
void rvic_testdev_reset(struct rvic_testdev *td)
{
	td_set(td, 0, TD_PERIOD_US);
	td_set(td, 0, TD_CTRL);
	td_set(td, 0, TD_ACK);
}

/* Deactivates the interrupt (rVID UNMAP) */
void rvic_testdev_free_irq(struct rvic_testdev *td)
{
	devm_free_irq(td->dev, td->irq, td);
}

/* Activates it again (rVID MAP) */
int rvic_testdev_request_irq(struct rvic_testdev *td)
{
	return devm_request_irq(td->dev, td->irq, rvic_testdev_irq, 0,
				"rvic-testdev", td);
}
#endif

static int rvic_testdev_probe(struct platform_device *pdev)
{
	struct rvic_testdev *td;
	struct dentry *dir;
	int ret;

	td = devm_kzalloc(&pdev->dev, sizeof(*td), GFP_KERNEL);
	if (!td)
		return -ENOMEM;
	td->dev = &pdev->dev;
	td->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(td->base))
		return PTR_ERR(td->base);
	if (readl(td->base + TD_ID) != TD_ID_VALUE)
		return dev_err_probe(&pdev->dev, -ENODEV, "bad ID register\n");
	td->irq = platform_get_irq(pdev, 0);
	if (td->irq < 0)
		return td->irq;
	ret = devm_request_irq(&pdev->dev, td->irq, rvic_testdev_irq, 0,
			       "rvic-testdev", td);
	if (ret)
		return ret;

	dir = debugfs_create_dir("rvic-testdev", NULL);
	debugfs_create_file("fire", 0200, dir, td, &td_fire_fops);
	debugfs_create_file("period_us", 0200, dir, td, &td_period_fops);
	debugfs_create_file("wait_ack", 0200, dir, td, &td_wait_ack_fops);
	debugfs_create_file("reset", 0200, dir, td, &td_reset_fops);
	debugfs_create_file("counts", 0444, dir, td, &td_counts_fops);
	dev_info(&pdev->dev, "interrupt test device, irq %d\n", td->irq);
#if IS_ENABLED(CONFIG_RVIC_KUNIT_TEST)
	WRITE_ONCE(rvic_testdev_instance, td);
#endif
	return 0;
}

static const struct of_device_id rvic_testdev_of_match[] = {
	{ .compatible = "rvic,testdev" },
	{ }
};

static struct platform_driver rvic_testdev_driver = {
	.probe	= rvic_testdev_probe,
	.driver	= {
		.name		= "rvic-testdev",
		.of_match_table	= rvic_testdev_of_match,
		.suppress_bind_attrs = true,
	},
};
builtin_platform_driver(rvic_testdev_driver);
