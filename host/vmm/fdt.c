// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's device tree, built in one place with libfdt's sequential-write
 * API. This file writes the nodes that describe the machine itself (memory,
 * CPUs, PSCI, the arch timer, /chosen); the irqchip's nodes come from
 * irqchip.c and each MMIO device adds its own node through its fdt_node
 * callback (mmio.c). Node names and properties follow
 * tests/dt/good/vm.dts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <libfdt.h>

#include "vmm.h"

#define FDT_MAX_SIZE	SZ_64K

void fdt_check(int err, const char *what)
{
	if (err)
		die("device tree: %s: %s", what, fdt_strerror(err));
}

/**
 * fdt_cells() - a property made of 32-bit cells
 * @fdt: the tree under construction
 * @name: the property
 * @n: the number of cells that follow, as u32 arguments
 */
void fdt_cells(void *fdt, const char *name, int n, ...)
{
	fdt32_t cells[16];
	va_list ap;
	int i;

	if (n > (int)ARRAY_SIZE(cells))
		die("device tree: %s: %d cells is too many", name, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(va_arg(ap, u32));
	va_end(ap);
	FDT(fdt_property(fdt, name, cells, n * sizeof(cells[0])));
}

/** fdt_reg() - a reg property, in the root's 2 address and 2 size cells */
void fdt_reg(void *fdt, u64 base, u64 size)
{
	fdt_cells(fdt, "reg", 4, (u32)(base >> 32), (u32)base,
		  (u32)(size >> 32), (u32)size);
}

static void fdt_memory(void *fdt)
{
	char name[32];

	snprintf(name, sizeof(name), "memory@%llx",
		 (unsigned long long)RAM_BASE);
	FDT(fdt_begin_node(fdt, name));
	FDT(fdt_property_string(fdt, "device_type", "memory"));
	fdt_reg(fdt, RAM_BASE, vm.ram_size);
	FDT(fdt_end_node(fdt));
}

static void fdt_cpus(void *fdt)
{
	char name[32];
	unsigned int i;

	FDT(fdt_begin_node(fdt, "cpus"));
	FDT(fdt_property_u32(fdt, "#address-cells", 1));
	FDT(fdt_property_u32(fdt, "#size-cells", 0));
	for (i = 0; i < vm.nr_cpus; i++) {
		/* Affinity up to Aff2 fits the one address cell. */
		u32 reg = vm.cpus[i].mpidr;

		snprintf(name, sizeof(name), "cpu@%x", reg);
		FDT(fdt_begin_node(fdt, name));
		FDT(fdt_property_string(fdt, "device_type", "cpu"));
		FDT(fdt_property_string(fdt, "compatible", "arm,arm-v8"));
		FDT(fdt_property_string(fdt, "enable-method", "psci"));
		FDT(fdt_property_u32(fdt, "reg", reg));
		FDT(fdt_end_node(fdt));
	}
	FDT(fdt_end_node(fdt));
}

static void fdt_psci(void *fdt)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2";

	FDT(fdt_begin_node(fdt, "psci"));
	FDT(fdt_property(fdt, "compatible", compat, sizeof(compat)));
	FDT(fdt_property_string(fdt, "method", "hvc"));
	FDT(fdt_end_node(fdt));
}

static void fdt_timer(void *fdt)
{
	FDT(fdt_begin_node(fdt, "timer"));
	FDT(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	irqchip_fdt_timer(fdt);
	FDT(fdt_property(fdt, "always-on", NULL, 0));
	FDT(fdt_end_node(fdt));
}

static void fdt_chosen(void *fdt)
{
	FDT(fdt_begin_node(fdt, "chosen"));
	if (vm.cmdline)
		FDT(fdt_property_string(fdt, "bootargs", vm.cmdline));
	if (vm.initrd) {
		/* load.c keeps the initrd below 4 GiB */
		FDT(fdt_property_u32(fdt, "linux,initrd-start",
				     vm.initrd_start));
		FDT(fdt_property_u32(fdt, "linux,initrd-end", vm.initrd_end));
	}
	if (vm.stdout_path)
		FDT(fdt_property_string(fdt, "stdout-path", vm.stdout_path));
	FDT(fdt_end_node(fdt));
}

/**
 * fdt_build() - build the guest's device tree
 * @size: set to the size of the blob
 *
 * Needs the memory layout (load_layout()) and the vCPUs' MPIDRs.
 *
 * Return: the blob, to be freed by the caller.
 */
void *fdt_build(size_t *size)
{
	void *fdt = malloc(FDT_MAX_SIZE);

	if (!fdt)
		die_perror("device tree: malloc");
	FDT(fdt_create(fdt, FDT_MAX_SIZE));
	FDT(fdt_finish_reservemap(fdt));

	FDT(fdt_begin_node(fdt, ""));
	FDT(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	FDT(fdt_property_string(fdt, "model", "rvic-vmm"));
	FDT(fdt_property_u32(fdt, "#address-cells", 2));
	FDT(fdt_property_u32(fdt, "#size-cells", 2));
	FDT(fdt_property_u32(fdt, "interrupt-parent", irqchip_phandle()));

	fdt_chosen(fdt);
	fdt_memory(fdt);
	fdt_cpus(fdt);
	fdt_psci(fdt);
	irqchip_fdt(fdt);
	fdt_timer(fdt);
	mmio_fdt_nodes(fdt);

	FDT(fdt_end_node(fdt));
	FDT(fdt_finish(fdt));
	*size = fdt_totalsize(fdt);
	return fdt;
}
