// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated MMIO devices: a list filled before the VM runs and only
 * read afterwards, so vCPU threads walk it without a lock. Each device
 * serialises its own state.
 */
#include <string.h>

#include "vmm.h"

static struct mmio_dev *devices;
static struct mmio_dev **tail = &devices;

/**
 * mmio_register() - add a device, before the VM runs
 * @dev: the device; its range must not overlap another one's
 */
void mmio_register(struct mmio_dev *dev)
{
	struct mmio_dev *d;

	for (d = devices; d; d = d->next)
		if (dev->base < d->base + d->size &&
		    d->base < dev->base + dev->size)
			die("MMIO range of %s overlaps %s", dev->name, d->name);
	dev->next = NULL;
	*tail = dev;
	tail = &dev->next;
}

/**
 * mmio_access() - handle a KVM_EXIT_MMIO
 * @addr: guest physical address
 * @data: kvm_run's data buffer: filled on a read
 * @len: access size
 * @is_write: direction
 *
 * Accesses that hit no device read as zero and are otherwise ignored; the
 * first few are reported.
 */
void mmio_access(u64 addr, void *data, u32 len, bool is_write)
{
	static int reported;
	struct mmio_dev *d;

	for (d = devices; d; d = d->next) {
		if (addr < d->base || addr - d->base >= d->size)
			continue;
		if (is_write)
			d->write(d, addr - d->base, data, len);
		else
			d->read(d, addr - d->base, data, len);
		return;
	}
	if (!is_write)
		memset(data, 0, len);
	if (reported < 10) {
		reported++;
		warn("unhandled MMIO %s of %u bytes at 0x%llx",
		     is_write ? "write" : "read", len,
		     (unsigned long long)addr);
	}
}

/** mmio_fdt_nodes() - let every device add its node to the tree */
void mmio_fdt_nodes(void *fdt)
{
	struct mmio_dev *d;

	for (d = devices; d; d = d->next)
		if (d->fdt_node)
			d->fdt_node(d, fdt);
}

/** mmio_start() - start the devices' threads, just before the vCPUs */
void mmio_start(void)
{
	struct mmio_dev *d;

	for (d = devices; d; d = d->next)
		if (d->start)
			d->start(d);
}

/**
 * mmio_device() - the @n-th registered device, in registration order
 * @n: its number
 *
 * Return: the device, or NULL past the last one.
 */
struct mmio_dev *mmio_device(unsigned int n)
{
	struct mmio_dev *d;

	for (d = devices; d && n; d = d->next)
		n--;
	return d;
}
