// SPDX-License-Identifier: GPL-2.0
/*
 * The VM's interrupt controller, chosen with --irqchip:
 *
 * rvic   KVM_DEV_TYPE_ARM_RVIC (Documentation/virt/kvm/devices/arm-rvic.rst):
 *        an rVIC instance per vCPU with 32 trusted INTIDs (IPIs, timers,
 *        PMU) and 96 untrusted ones, reached through the rVID's 96 inputs.
 *        Inputs [64, 96) are set aside for MSIs (arm,msi-inputs), written
 *        to MSI_DOORBELL (arm,msi-doorbell), both told to KVM too; wired
 *        devices get inputs from 0 up. An input is an edge: each
 *        KVM_IRQ_LINE with level 1 fires it once, level 0 does nothing.
 * gicv3  KVM_DEV_TYPE_ARM_VGIC_V3 at the addresses of vmm.h; devices get
 *        SPIs from 0 up, and their lines are real levels.
 *
 * Device interrupt numbers come from one allocator, irq_alloc(), and are
 * what the device's DT node names: an rVID input or an SPI number. Only
 * irq_line() turns them into KVM's encoding.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <libfdt.h>
#include <linux/kvm.h>

#include "vmm.h"

#define RVIC_NR_TRUSTED		32
#define RVIC_NR_UNTRUSTED	96
#define RVIC_MSI_BASE		64	/* rVID inputs for MSIs: [64, 96) */
#define RVIC_MSI_COUNT		32
#define RVIC_NR_WIRED		RVIC_MSI_BASE

#define GIC_NR_IRQS		128	/* including the 32 private ones */
#define GIC_NR_SPIS		(GIC_NR_IRQS - 32)
#define GIC_SPI			0	/* first cell of a GICv3 specifier */
#define GIC_PPI			1

/* The arch timer's PPIs (KVM's defaults): secure, non-secure, virt, hyp */
static const u32 timer_intids[] = { 29, 30, 27, 26 };

/*
 * --dt-quirk: one deliberate defect in the rvic/rvid nodes, so that tests
 * can check that the guest drivers refuse such a tree with a clear message.
 */
static enum {
	QUIRK_NONE,
	QUIRK_RVID_SELF_PARENT,		/* rvid's interrupt-parent: itself */
	QUIRK_RVID_NO_INTERRUPT_CELLS,
	QUIRK_RVID_UNKNOWN_COMPATIBLE,
	QUIRK_RVIC_3_INTERRUPT_CELLS,
	QUIRK_DEVICE_MSI_INPUT,		/* devices name an MSI input */
} dt_quirk;

static const char *const quirk_names[] = {
	[QUIRK_RVID_SELF_PARENT]	= "rvid-self-parent",
	[QUIRK_RVID_NO_INTERRUPT_CELLS]	= "rvid-no-interrupt-cells",
	[QUIRK_RVID_UNKNOWN_COMPATIBLE]	= "rvid-unknown-compatible",
	[QUIRK_RVIC_3_INTERRUPT_CELLS]	= "rvic-3-interrupt-cells",
	[QUIRK_DEVICE_MSI_INPUT]	= "device-msi-input",
};

/** irqchip_dt_quirk() - select a --dt-quirk by name; -1 if unknown */
int irqchip_dt_quirk(const char *name)
{
	for (unsigned int i = 1; i < ARRAY_SIZE(quirk_names); i++) {
		if (!strcmp(name, quirk_names[i])) {
			dt_quirk = i;
			return 0;
		}
	}
	return -1;
}

static int irqchip_fd = -1;
static int next_irq;

static const char *const names[] = {
	[IRQCHIP_RVIC]	= "rvic",
	[IRQCHIP_GICV3]	= "gicv3",
};

int irqchip_parse(const char *name, enum irqchip_type *type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(name, names[i])) {
			*type = i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *irqchip_name(enum irqchip_type type)
{
	return names[type];
}

static void set_attr(u32 group, u64 attr, void *addr, const char *what)
{
	struct kvm_device_attr a = {
		.group	= group,
		.attr	= attr,
		.addr	= (u64)(uintptr_t)addr,
	};

	if (ioctl(irqchip_fd, KVM_SET_DEVICE_ATTR, &a))
		die_perror("%s: KVM_SET_DEVICE_ATTR %s", names[vm.irqchip],
			   what);
}

/*
 * --rvic-ext N. A host without the attribute has no extension to offer:
 * hiding it (N = 0) is then what it does anyway.
 */
static void rvic_offer_ext(u64 rev)
{
	struct kvm_device_attr a = {
		.group	= KVM_DEV_ARM_RVIC_GRP_CTRL,
		.attr	= KVM_DEV_ARM_RVIC_CTRL_EXT,
		.addr	= (u64)(uintptr_t)&rev,
	};

	if (!ioctl(irqchip_fd, KVM_SET_DEVICE_ATTR, &a))
		return;
	if (errno == ENXIO && !rev)
		return;
	if (errno == ENXIO)
		die("--rvic-ext %llu: this host offers no rVIC ABI extension",
		    (unsigned long long)rev);
	if (errno == EINVAL)
		die("--rvic-ext %llu: this host offers no such revision",
		    (unsigned long long)rev);
	die_perror("rvic: KVM_SET_DEVICE_ATTR CTRL_EXT");
}

/**
 * irqchip_create() - create the in-kernel irqchip, before the vCPUs
 *
 * Both devices accept vCPUs created afterwards; only the finalisation
 * (irqchip_finalize()) has to wait for them.
 */
void irqchip_create(void)
{
	struct kvm_create_device cd = { };
	u64 counts, addr;
	u32 nr_irqs;

	cd.type = vm.irqchip == IRQCHIP_RVIC ? KVM_DEV_TYPE_ARM_RVIC :
					       KVM_DEV_TYPE_ARM_VGIC_V3;
	if (ioctl(vm.vm_fd, KVM_CREATE_DEVICE, &cd)) {
		int err = errno;

		warn("%s: KVM_CREATE_DEVICE: %s%s", names[vm.irqchip],
		     strerror(err), err == ENODEV ?
		     " (the host KVM has no such irqchip; try the other --irqchip)" :
		     "");
		vmm_exit(1);
	}
	irqchip_fd = cd.fd;

	switch (vm.irqchip) {
	case IRQCHIP_RVIC:
		counts = RVIC_NR_TRUSTED |
			 (u64)(RVIC_NR_TRUSTED + RVIC_NR_UNTRUSTED) << 32;
		set_attr(KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &counts,
			 "GRP_NR_IRQS");
		counts = RVIC_MSI_BASE | (u64)RVIC_MSI_COUNT << 32;
		set_attr(KVM_DEV_ARM_RVIC_GRP_MSI, KVM_DEV_ARM_RVIC_MSI_INPUTS,
			 &counts, "MSI inputs");
		addr = MSI_DOORBELL;
		set_attr(KVM_DEV_ARM_RVIC_GRP_MSI, KVM_DEV_ARM_RVIC_MSI_DOORBELL,
			 &addr, "MSI doorbell");
		if (vm.rvic_ext >= 0)
			rvic_offer_ext(vm.rvic_ext);
		break;
	case IRQCHIP_GICV3:
		addr = GICD_BASE;
		set_attr(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST,
			 &addr, "distributor address");
		addr = GICR_BASE;
		set_attr(KVM_DEV_ARM_VGIC_GRP_ADDR,
			 KVM_VGIC_V3_ADDR_TYPE_REDIST, &addr,
			 "redistributor address");
		nr_irqs = GIC_NR_IRQS;
		set_attr(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs,
			 "GRP_NR_IRQS");
		break;
	}
}

/** irqchip_finalize() - finalise the irqchip, once every vCPU exists */
void irqchip_finalize(void)
{
	struct kvm_device_attr a = {
		.group	= KVM_DEV_ARM_RVIC_GRP_STATE,
		.attr	= KVM_DEV_ARM_RVIC_STATE,
	};

	if (vm.irqchip == IRQCHIP_RVIC) {
		set_attr(KVM_DEV_ARM_RVIC_GRP_CTRL, KVM_DEV_ARM_RVIC_CTRL_INIT,
			 NULL, "CTRL_INIT");
		/* Before the guest runs: a --save that cannot work fails now. */
		if ((vm.save || vm.restore) && ioctl(irqchip_fd, KVM_HAS_DEVICE_ATTR, &a))
			die("--%s: the rVIC state is not offered by this host (protected mode keeps it from the host)",
			    vm.save ? "save" : "restore");
	} else {
		set_attr(KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT,
			 NULL, "CTRL_INIT");
	}
}

/**
 * irq_alloc() - hand out a device interrupt
 *
 * Return: an rVID input (rvic) or an SPI number (gicv3), as the device's
 * DT node names it and as irq_line() takes it.
 */
int irq_alloc(void)
{
	int max = vm.irqchip == IRQCHIP_RVIC ? RVIC_NR_WIRED : GIC_NR_SPIS;

	if (next_irq >= max)
		die("out of device interrupts (%d in use)", max);
	return next_irq++;
}

/** irq_is_edge() - whether device lines are edges (rVID) or levels (GIC) */
bool irq_is_edge(void)
{
	return vm.irqchip == IRQCHIP_RVIC;
}

/**
 * irq_line() - set a device interrupt line
 * @irq: from irq_alloc()
 * @level: the line's level. With an rVIC every call with level 1 is one
 *	edge, so level-triggered devices call it once per new event.
 */
void irq_line(int irq, int level)
{
	struct kvm_irq_level l = { .level = level };
	u32 num = vm.irqchip == IRQCHIP_RVIC ? irq : 32 + irq;

	l.irq = KVM_ARM_IRQ_TYPE_SPI << KVM_ARM_IRQ_TYPE_SHIFT | num;
	if (ioctl(vm.vm_fd, KVM_IRQ_LINE, &l))
		die_perror("KVM_IRQ_LINE %s %d level %d", names[vm.irqchip],
			   irq, level);
}

/** irq_pulse() - one edge on a line described as edge-triggered */
void irq_pulse(int irq)
{
	irq_line(irq, 1);
	if (!irq_is_edge())
		irq_line(irq, 0);
}

u32 irqchip_phandle(void)
{
	return PHANDLE_IRQCHIP;
}

/** irqchip_fdt() - the irqchip's nodes, under the root */
void irqchip_fdt(void *fdt)
{
	char name[64];

	if (vm.irqchip == IRQCHIP_RVIC) {
		FDT(fdt_begin_node(fdt, "interrupt-controller"));
		FDT(fdt_property_string(fdt, "compatible", "arm,rvic"));
		FDT(fdt_property(fdt, "interrupt-controller", NULL, 0));
		/* Not none: Linux's of_irq_find_parent() would loop for ever. */
		FDT(fdt_property_u32(fdt, "#interrupt-cells",
				     dt_quirk == QUIRK_RVIC_3_INTERRUPT_CELLS ? 3 : 2));
		FDT(fdt_property_u32(fdt, "#address-cells", 0));
		FDT(fdt_property_u32(fdt, "phandle", PHANDLE_IRQCHIP));
		FDT(fdt_end_node(fdt));

		FDT(fdt_begin_node(fdt, "interrupt-controller-rvid"));
		FDT(fdt_property_string(fdt, "compatible",
					dt_quirk == QUIRK_RVID_UNKNOWN_COMPATIBLE ?
					"arm,rvid-v9" : "arm,rvid"));
		FDT(fdt_property(fdt, "interrupt-controller", NULL, 0));
		if (dt_quirk != QUIRK_RVID_NO_INTERRUPT_CELLS)
			FDT(fdt_property_u32(fdt, "#interrupt-cells", 1));
		FDT(fdt_property_u32(fdt, "#address-cells", 0));
		FDT(fdt_property_u32(fdt, "interrupt-parent",
				     dt_quirk == QUIRK_RVID_SELF_PARENT ?
				     PHANDLE_RVID : PHANDLE_IRQCHIP));
		FDT(fdt_property(fdt, "msi-controller", NULL, 0));
		fdt_cells(fdt, "arm,msi-inputs", 2, RVIC_MSI_BASE,
			  RVIC_MSI_COUNT);
		FDT(fdt_property_u64(fdt, "arm,msi-doorbell", MSI_DOORBELL));
		FDT(fdt_property_u32(fdt, "phandle", PHANDLE_RVID));
		FDT(fdt_end_node(fdt));
		return;
	}

	snprintf(name, sizeof(name), "interrupt-controller@%llx",
		 (unsigned long long)GICD_BASE);
	FDT(fdt_begin_node(fdt, name));
	FDT(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	FDT(fdt_property(fdt, "interrupt-controller", NULL, 0));
	FDT(fdt_property_u32(fdt, "#interrupt-cells", 3));
	FDT(fdt_property_u32(fdt, "#address-cells", 0));
	fdt_cells(fdt, "reg", 8, 0, (u32)GICD_BASE, 0, (u32)GICD_SIZE,
		  0, (u32)GICR_BASE, 0, (u32)(GICR_SIZE_CPU * vm.nr_cpus));
	FDT(fdt_property_u32(fdt, "phandle", PHANDLE_IRQCHIP));
	FDT(fdt_end_node(fdt));
}

/** irqchip_fdt_timer() - the arch timer's interrupts property */
void irqchip_fdt_timer(void *fdt)
{
	u32 cells[ARRAY_SIZE(timer_intids) * 3];
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(timer_intids); i++) {
		if (vm.irqchip == IRQCHIP_RVIC) {
			cells[n++] = cpu_to_fdt32(timer_intids[i]);
		} else {
			cells[n++] = cpu_to_fdt32(GIC_PPI);
			cells[n++] = cpu_to_fdt32(timer_intids[i] - 16);
		}
		cells[n++] = cpu_to_fdt32(IRQ_TYPE_LEVEL_HIGH);
	}
	FDT(fdt_property(fdt, "interrupts", cells, n * sizeof(cells[0])));
}

/**
 * irqchip_fdt_irq() - a device node's interrupt properties
 * @fdt: the tree under construction, inside the device's node
 * @irq: from irq_alloc()
 * @edge: the device's line is an edge (else a level); an rVID input is
 *	always an edge, its specifier has no flags
 */
void irqchip_fdt_irq(void *fdt, int irq, bool edge)
{
	if (vm.irqchip == IRQCHIP_RVIC) {
		FDT(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_RVID));
		FDT(fdt_property_u32(fdt, "interrupts",
				     dt_quirk == QUIRK_DEVICE_MSI_INPUT ? RVIC_MSI_BASE : irq));
		return;
	}
	fdt_cells(fdt, "interrupts", 3, GIC_SPI, irq,
		  edge ? IRQ_TYPE_EDGE_RISING : IRQ_TYPE_LEVEL_HIGH);
}

/**
 * irqchip_save() - the rVIC's state (KVM_DEV_ARM_RVIC_GRP_STATE)
 * @len: set to its length
 *
 * No vCPU runs and no device fires (snapshot.c). --save is refused with
 * a GICv3 on the command line already.
 *
 * Return: the state, malloc'ed.
 */
/* The size of the rVIC state KVM gives and takes now; @opt names the caller */
static u64 state_size(const char *opt)
{
	u64 size = 0;
	struct kvm_device_attr a = {
		.group	= KVM_DEV_ARM_RVIC_GRP_STATE,
		.attr	= KVM_DEV_ARM_RVIC_STATE_SIZE,
		.addr	= (u64)(uintptr_t)&size,
	};

	if (ioctl(irqchip_fd, KVM_GET_DEVICE_ATTR, &a))
		die_perror("%s: rvic: KVM_GET_DEVICE_ATTR STATE_SIZE%s", opt,
			   errno == ENXIO ? " (not offered by this host: protected mode?)" : "");
	return size;
}

void *irqchip_save(size_t *len)
{
	struct kvm_device_attr a = {
		.group	= KVM_DEV_ARM_RVIC_GRP_STATE,
		.attr	= KVM_DEV_ARM_RVIC_STATE,
	};
	u64 size = state_size("--save");
	void *buf;

	buf = malloc(size);
	if (!buf)
		die("--save: out of memory");
	a.addr = (u64)(uintptr_t)buf;
	if (ioctl(irqchip_fd, KVM_GET_DEVICE_ATTR, &a))
		die_perror("--save: rvic: KVM_GET_DEVICE_ATTR STATE");
	*len = size;
	return buf;
}

/**
 * irqchip_restore() - give the rVIC the state irqchip_save() returned
 * @data: the state
 * @len: its length
 * @file: the snapshot it comes from, for errors
 */
void irqchip_restore(const void *data, size_t len, const char *file)
{
	struct kvm_device_attr a = {
		.group	= KVM_DEV_ARM_RVIC_GRP_STATE,
		.attr	= KVM_DEV_ARM_RVIC_STATE,
		.addr	= (u64)(uintptr_t)data,
	};
	u64 size = state_size("--restore");

	if (size != len)
		die("--restore: '%s': rVIC state of %zu bytes, this VM's is %llu", file,
		    len, (unsigned long long)size);
	if (ioctl(irqchip_fd, KVM_SET_DEVICE_ATTR, &a))
		die_perror("--restore: '%s': rvic: KVM_SET_DEVICE_ATTR STATE%s", file,
			   errno == EINVAL ? " (the state is not one this VM can take)" : "");
}
