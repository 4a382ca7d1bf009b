// SPDX-License-Identifier: GPL-2.0
/*
 * --save FILE and --restore FILE: a snapshot of a running guest, resumed
 * by a new VMM process.
 *
 * Saving (kvm.c calls snapshot_save() once every vCPU thread is parked,
 * having completed its last MMIO access with an immediate_exit KVM_RUN):
 * the devices are frozen first, each one's lock taken for good, so that
 * no device fires into the irqchip any more; then the irqchip's state
 * (KVM_DEV_ARM_RVIC_GRP_STATE), every vCPU's registers (all of
 * KVM_GET_REG_LIST, timers included, and its MP state) and the guest RAM
 * are written, and the VMM exits.
 *
 * The file, in the host's byte order:
 *
 *   header   magic "RVICSNAP", version, the configuration it was saved
 *            with (vCPUs, RAM, irqchip, devices)
 *   records  each a tag, an index, a length and that many bytes:
 *            RAM   the number of 4 KiB pages that are not all zero, their
 *                  indexes (u32), their contents
 *            VCPU  (index: vCPU id) the MP state, the register count,
 *                  then each register's id (u64) and value
 *                  (KVM_REG_SIZE(id) bytes)
 *            IRQC  the irqchip's state, as KVM returns it
 *            DEV   (index: device number) the device's own bytes
 *            END   nothing; the file ends here
 *
 * Restoring: the VM is created and configured as for a boot (irqchip,
 * vCPUs, finalisation), the command line having to say what the file
 * says (a mismatch is an error that names both), then the records are
 * applied before any vCPU runs, in the file's order. Nothing is loaded
 * from --kernel or --initrd: the guest is in the RAM.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/kvm.h>

#include "vmm.h"

#define SNAP_MAGIC	"RVICSNAP"
#define SNAP_VERSION	1
#define PAGE		SZ_4K

enum snap_tag {
	TAG_RAM		= 0x304d4152,	/* "RAM0" */
	TAG_VCPU	= 0x55504356,	/* "VCPU" */
	TAG_IRQC	= 0x43515249,	/* "IRQC" */
	TAG_DEV		= 0x30564544,	/* "DEV0" */
	TAG_END		= 0x30444e45,	/* "END0" */
};

struct snap_header {
	char magic[8];
	u32 version;
	u32 nr_cpus;
	u64 ram_size;
	u32 irqchip;
	u32 devices;		/* SNAP_DEV_* */
};

#define SNAP_DEV_TESTDEV	0x1
#define SNAP_DEV_PCITEST	0x2
#define SNAP_DEV_NO_RVIC_EXT	0x4	/* --rvic-ext 0 */

struct snap_record {
	u32 tag;
	u32 index;
	u64 len;
};

static const char *snap_path;
static FILE *snap;

/* ---- writing ------------------------------------------------------------- */

static void put(const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, snap) != len)
		die_perror("--save: writing '%s'", snap_path);
}

static void put_record(u32 tag, u32 index, u64 len)
{
	struct snap_record r = { .tag = tag, .index = index, .len = len };

	put(&r, sizeof(r));
}

static u32 snap_devices(void)
{
	return (vm.testdev ? SNAP_DEV_TESTDEV : 0) | (vm.pcitest ? SNAP_DEV_PCITEST : 0) |
	       (vm.rvic_ext == 0 ? SNAP_DEV_NO_RVIC_EXT : 0);
}

static bool page_is_zero(const u8 *p)
{
	static const u8 zero[PAGE];

	return !memcmp(p, zero, PAGE);
}

static u64 save_ram(void)
{
	u64 nr = vm.ram_size / PAGE, i;
	u32 *idx = calloc(nr, sizeof(*idx)), n = 0;

	if (!idx)
		die("--save: out of memory");
	for (i = 0; i < nr; i++)
		if (!page_is_zero(vm.ram + i * PAGE))
			idx[n++] = i;
	put_record(TAG_RAM, 0, sizeof(n) + (u64)n * (sizeof(*idx) + PAGE));
	put(&n, sizeof(n));
	put(idx, (size_t)n * sizeof(*idx));
	for (i = 0; i < n; i++)
		put(vm.ram + (u64)idx[i] * PAGE, PAGE);
	free(idx);
	return n;
}

static size_t reg_size(u64 id)
{
	return 1UL << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

static void save_vcpu(struct vcpu *cpu)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	struct kvm_mp_state mp;
	u8 val[256];
	u64 len, i;

	if (ioctl(cpu->fd, KVM_GET_MP_STATE, &mp))
		die_perror("--save: vCPU %d: KVM_GET_MP_STATE", cpu->id);
	/* E2BIG, with the count */
	ioctl(cpu->fd, KVM_GET_REG_LIST, &probe);
	list = malloc(sizeof(*list) + probe.n * sizeof(u64));
	if (!list)
		die("--save: out of memory");
	list->n = probe.n;
	if (ioctl(cpu->fd, KVM_GET_REG_LIST, list))
		die_perror("--save: vCPU %d: KVM_GET_REG_LIST", cpu->id);

	len = 2 * sizeof(u32);
	for (i = 0; i < list->n; i++) {
		if (reg_size(list->reg[i]) > sizeof(val))
			die("--save: vCPU %d: register 0x%llx of %zu bytes", cpu->id,
			    (unsigned long long)list->reg[i], reg_size(list->reg[i]));
		len += sizeof(u64) + reg_size(list->reg[i]);
	}
	put_record(TAG_VCPU, cpu->id, len);
	put(&mp.mp_state, sizeof(u32));
	put(&list->n, sizeof(u32));
	for (i = 0; i < list->n; i++) {
		struct kvm_one_reg reg = { .id = list->reg[i], .addr = (u64)(uintptr_t)val };

		if (ioctl(cpu->fd, KVM_GET_ONE_REG, &reg))
			die_perror("--save: vCPU %d: KVM_GET_ONE_REG 0x%llx", cpu->id,
				   (unsigned long long)reg.id);
		put(&reg.id, sizeof(reg.id));
		put(val, reg_size(reg.id));
	}
	free(list);
}

/**
 * snapshot_save() - write the whole guest to the --save file
 *
 * Called with every vCPU parked outside KVM_RUN; freezes the devices for
 * good. The caller exits afterwards.
 */
void snapshot_save(void)
{
	struct snap_header h = {
		.magic		= SNAP_MAGIC,
		.version	= SNAP_VERSION,
		.nr_cpus	= vm.nr_cpus,
		.ram_size	= vm.ram_size,
		.irqchip	= vm.irqchip,
		.devices	= snap_devices(),
	};
	struct mmio_dev *dev;
	void *state;
	size_t len;
	u64 pages;
	u32 i;

	snap_path = vm.save;
	snap = fopen(snap_path, "wb");
	if (!snap)
		die_perror("--save: cannot create '%s'", snap_path);
	put(&h, sizeof(h));

	/* Devices first: once frozen, nothing fires into the irqchip. */
	for (i = 0; (dev = mmio_device(i)); i++) {
		if (!dev->save)
			continue;
		len = dev->save(dev, &state);
		put_record(TAG_DEV, i, len);
		put(state, len);
	}
	state = irqchip_save(&len);
	put_record(TAG_IRQC, 0, len);
	put(state, len);
	free(state);
	for (i = 0; i < vm.nr_cpus; i++)
		save_vcpu(&vm.cpus[i]);
	pages = save_ram();
	put_record(TAG_END, 0, 0);
	if (fclose(snap))
		die_perror("--save: writing '%s'", snap_path);
	fprintf(stderr, "rvic-vmm: saved to %s: %u vCPU(s), %llu of %llu RAM pages\n",
		snap_path, vm.nr_cpus, (unsigned long long)pages,
		(unsigned long long)(vm.ram_size / PAGE));
}

/* ---- reading ------------------------------------------------------------- */

static void get(void *data, size_t len, const char *what)
{
	if (len && fread(data, 1, len, snap) != len) {
		if (ferror(snap))
			die_perror("--restore: reading '%s'", snap_path);
		die("--restore: '%s' is truncated (in %s)", snap_path, what);
	}
}

static void *get_alloc(u64 len, const char *what)
{
	void *p;

	/* Nothing saved is larger than the RAM, plus its page list */
	if (len > vm.ram_size + vm.ram_size / PAGE * sizeof(u32) + sizeof(u32))
		die("--restore: '%s': %s record of %llu bytes, more than it can hold",
		    snap_path, what, (unsigned long long)len);
	p = malloc(len ? len : 1);
	if (!p)
		die("--restore: out of memory");
	get(p, len, what);
	return p;
}

static void check_header(void)
{
	struct snap_header h;
	static const char *const dev_names[] = { "--testdev", "--pcitest", "--rvic-ext 0" };

	get(&h, sizeof(h), "the header");
	if (memcmp(h.magic, SNAP_MAGIC, sizeof(h.magic)))
		die("--restore: '%s' is not an rvic-vmm snapshot", snap_path);
	if (h.version != SNAP_VERSION)
		die("--restore: '%s' has version %u, this VMM reads version %u",
		    snap_path, h.version, SNAP_VERSION);
	if (h.nr_cpus != vm.nr_cpus)
		die("--restore: '%s' was saved with --cpus %u, not %u", snap_path,
		    h.nr_cpus, vm.nr_cpus);
	if (h.ram_size != vm.ram_size)
		die("--restore: '%s' was saved with --mem %llu, not %llu", snap_path,
		    (unsigned long long)(h.ram_size / SZ_1M),
		    (unsigned long long)(vm.ram_size / SZ_1M));
	if (h.irqchip != vm.irqchip)
		die("--restore: '%s' was saved with --irqchip %s, not %s", snap_path,
		    h.irqchip <= IRQCHIP_GICV3 ? irqchip_name(h.irqchip) : "(unknown)",
		    irqchip_name(vm.irqchip));
	for (unsigned int i = 0; i < ARRAY_SIZE(dev_names); i++) {
		if ((h.devices ^ snap_devices()) & (1U << i))
			die("--restore: '%s' was saved %s %s", snap_path,
			    h.devices & (1U << i) ? "with" : "without", dev_names[i]);
	}
}

/**
 * snapshot_open() - open the --restore file and check its header
 *
 * Against the configuration of the command line, before any VM exists.
 */
void snapshot_open(void)
{
	snap_path = vm.restore;
	snap = fopen(snap_path, "rb");
	if (!snap)
		die_perror("--restore: cannot open '%s'", snap_path);
	check_header();
}

static void restore_ram(u64 len)
{
	u64 nr = vm.ram_size / PAGE;
	u32 n, *idx;

	if (len < sizeof(n))
		die("--restore: '%s': RAM record too short", snap_path);
	get(&n, sizeof(n), "the RAM");
	if (n > nr || len != sizeof(n) + (u64)n * (sizeof(*idx) + PAGE))
		die("--restore: '%s': RAM record of %llu bytes for %u pages", snap_path,
		    (unsigned long long)len, n);
	idx = get_alloc((u64)n * sizeof(*idx), "the RAM's page list");
	for (u32 i = 0; i < n; i++) {
		if (idx[i] >= nr || (i && idx[i] <= idx[i - 1]))
			die("--restore: '%s': RAM page %u out of order or range", snap_path,
			    idx[i]);
		get(vm.ram + (u64)idx[i] * PAGE, PAGE, "the RAM");
	}
	free(idx);
}

static void restore_vcpu(struct vcpu *cpu, u64 len)
{
	u8 *buf = get_alloc(len, "a vCPU's registers"), *p = buf, *end = buf + len;
	struct kvm_mp_state mp;
	u32 n;

	if (len < 2 * sizeof(u32))
		die("--restore: '%s': vCPU %d record too short", snap_path, cpu->id);
	memcpy(&mp.mp_state, p, sizeof(u32));
	memcpy(&n, p + sizeof(u32), sizeof(u32));
	p += 2 * sizeof(u32);
	for (u32 i = 0; i < n; i++) {
		struct kvm_one_reg reg;

		if (end - p < (long)sizeof(u64))
			die("--restore: '%s': vCPU %d record ends in register %u", snap_path,
			    cpu->id, i);
		memcpy(&reg.id, p, sizeof(u64));
		p += sizeof(u64);
		if ((u64)(end - p) < reg_size(reg.id))
			die("--restore: '%s': vCPU %d record ends in register 0x%llx",
			    snap_path, cpu->id, (unsigned long long)reg.id);
		reg.addr = (u64)(uintptr_t)p;
		if (ioctl(cpu->fd, KVM_SET_ONE_REG, &reg))
			die_perror("--restore: '%s': vCPU %d: KVM_SET_ONE_REG 0x%llx",
				   snap_path, cpu->id, (unsigned long long)reg.id);
		p += reg_size(reg.id);
	}
	if (p != end)
		die("--restore: '%s': vCPU %d record has %ld bytes too many", snap_path,
		    cpu->id, (long)(end - p));
	if (ioctl(cpu->fd, KVM_SET_MP_STATE, &mp))
		die_perror("--restore: '%s': vCPU %d: KVM_SET_MP_STATE %u", snap_path,
			   cpu->id, mp.mp_state);
	free(buf);
}

/**
 * snapshot_restore() - apply the --restore file to the new VM
 *
 * The irqchip is finalised and no vCPU has run. Every vCPU, the irqchip
 * and the RAM must be in the file, each once.
 */
void snapshot_restore(void)
{
	bool have_ram = false, have_irqc = false, have_cpu[VMM_MAX_CPUS] = { };
	struct snap_record r;
	struct mmio_dev *dev;
	void *data;

	for (;;) {
		get(&r, sizeof(r), "a record's header");
		switch (r.tag) {
		case TAG_END:
			for (u32 i = 0; i < vm.nr_cpus; i++)
				if (!have_cpu[i])
					die("--restore: '%s' has no state for vCPU %u",
					    snap_path, i);
			if (!have_ram || !have_irqc)
				die("--restore: '%s' has no %s", snap_path,
				    have_ram ? "irqchip state" : "RAM");
			fclose(snap);
			fprintf(stderr, "rvic-vmm: restored from %s\n", snap_path);
			return;
		case TAG_RAM:
			if (have_ram)
				die("--restore: '%s' has its RAM twice", snap_path);
			restore_ram(r.len);
			have_ram = true;
			break;
		case TAG_VCPU:
			if (r.index >= vm.nr_cpus || have_cpu[r.index])
				die("--restore: '%s': vCPU %u record unexpected", snap_path,
				    r.index);
			restore_vcpu(&vm.cpus[r.index], r.len);
			have_cpu[r.index] = true;
			break;
		case TAG_IRQC:
			if (have_irqc)
				die("--restore: '%s' has the irqchip twice", snap_path);
			data = get_alloc(r.len, "the irqchip");
			irqchip_restore(data, r.len, snap_path);
			free(data);
			have_irqc = true;
			break;
		case TAG_DEV:
			dev = mmio_device(r.index);
			if (!dev || !dev->restore)
				die("--restore: '%s': state for device %u, which has none",
				    snap_path, r.index);
			data = get_alloc(r.len, dev->name);
			if (dev->restore(dev, data, r.len))
				die("--restore: '%s': %s state of %llu bytes, not what it saves",
				    snap_path, dev->name, (unsigned long long)r.len);
			free(data);
			break;
		default:
			die("--restore: '%s': unknown record 0x%08x", snap_path, r.tag);
		}
	}
}
