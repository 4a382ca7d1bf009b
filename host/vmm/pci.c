// SPDX-License-Identifier: GPL-2.0
/*
 * --pcitest: a generic ECAM PCI host bridge with one device, a PCI endpoint
 * test function, so that the guest's unmodified upstream driver
 * (drivers/misc/pci_endpoint_test.c) and tools/pci/pcitest drive MSIs and
 * MSI-X through the rVID.
 *
 * Host bridge: "pci-host-ecam-generic", ECAM at PCI_ECAM_BASE for bus 0
 * only, one 32-bit memory window at PCI_MMIO_BASE that the guest assigns
 * BARs from, msi-parent = <&rvid>. Only 00:00.0 exists; every other
 * function reads as all ones. There is no INTx (interrupt pin 0).
 *
 * Device 00:00.0, 104c:b500 (TI DRA74x, an entry of the driver's id table
 * with the default layout: registers in BAR0):
 *   BAR0  4 KiB  test registers (PCI_ENDPOINT_TEST_* of the driver)
 *   BAR2  4 KiB  MSI-X table (PCI_MSIX_ENTRIES entries) at 0, PBA at 0x800
 *   MSI capability: 64-bit, 32 vectors (multiple message capable), no
 *   per-vector masking; MSI-X capability: PCI_MSIX_ENTRIES vectors, more
 *   than the rVID's MSI range holds, so that the guest runs out of inputs.
 *
 * A COMMAND write that raises an MSI or MSI-X sets STATUS_IRQ_RAISED and
 * sends the message the guest programmed (the vector number ORed into the
 * low data bits for multi-MSI, the table entry for MSI-X) with
 * KVM_SIGNAL_MSI, from the vCPU thread that wrote COMMAND. A masked MSI-X
 * vector (entry or function mask) sets its PBA bit instead and is sent
 * when unmasked. READ, WRITE and COPY (DMA) are not emulated: they fail
 * at once, with the interrupt the driver waits for.
 *
 * Before the VM runs, the device checks that KVM refuses messages it must
 * not deliver (wrong doorbell, data outside the MSI range) with EINVAL.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include <libfdt.h>
#include <linux/kvm.h>

#include "vmm.h"

#define PCI_VENDOR_TI		0x104c
#define PCI_DEVICE_DRA74X	0xb500	/* pci_endpoint_test's default_data */
#define PCI_CLASS_OTHER		0xff0000

/* Configuration space (type 0 header), as far as it is emulated */
#define CFG_SIZE		256
#define CFG_VENDOR		0x00
#define CFG_COMMAND		0x04
#define  CMD_MEM		0x0002
#define  CMD_MASTER		0x0004
#define  CMD_INTX_DISABLE	0x0400
#define CFG_STATUS		0x06
#define  STATUS_CAP_LIST	0x0010
#define CFG_CLASS_REV		0x08
#define CFG_BAR0		0x10
#define CFG_SUBSYS		0x2c
#define CFG_CAP_PTR		0x34

#define CAP_MSI			0x40
#define  MSI_CTRL		(CAP_MSI + 2)
#define   MSI_CTRL_EN		0x0001
#define   MSI_CTRL_MMC_SHIFT	1	/* log2 of the vectors it can send */
#define   MSI_CTRL_MME_SHIFT	4	/* log2 of the vectors enabled */
#define   MSI_CTRL_64BIT	0x0080
#define  MSI_ADDR_LO		(CAP_MSI + 4)
#define  MSI_ADDR_HI		(CAP_MSI + 8)
#define  MSI_DATA		(CAP_MSI + 12)
#define MSI_LOG2_VECTORS	5	/* 32, the most MSI allows */

#define CAP_MSIX		0x60
#define  MSIX_CTRL		(CAP_MSIX + 2)
#define   MSIX_CTRL_FMASK	0x4000
#define   MSIX_CTRL_EN		0x8000
#define  MSIX_TABLE		(CAP_MSIX + 4)
#define  MSIX_PBA		(CAP_MSIX + 8)
#define PCI_MSIX_ENTRIES	64
#define MSIX_BAR		2
#define MSIX_PBA_OFF		0x800
#define MSIX_ENTRY_CTRL_MASKED	0x1

#define CAP_ID_MSI		0x05
#define CAP_ID_MSIX		0x11

#define BAR_SIZE		SZ_4K
#define TEST_BAR		0
#define NR_BARS			6

/* BAR0 registers, as drivers/misc/pci_endpoint_test.c names them */
#define REG_MAGIC		0x00
#define REG_COMMAND		0x04
#define  COMMAND_RAISE_INTX	0x01
#define  COMMAND_RAISE_MSI	0x02
#define  COMMAND_RAISE_MSIX	0x04
#define  COMMAND_READ		0x08
#define  COMMAND_WRITE		0x10
#define  COMMAND_COPY		0x20
#define REG_STATUS		0x08
#define  STATUS_READ_FAIL	0x02
#define  STATUS_WRITE_FAIL	0x08
#define  STATUS_COPY_FAIL	0x20
#define  STATUS_IRQ_RAISED	0x40
#define REG_IRQ_TYPE		0x24
#define REG_IRQ_NUMBER		0x28
#define NR_REGS			(0x30 / 4)
#define IRQ_TYPE_MSI		1
#define IRQ_TYPE_MSIX		2

struct msix_entry {
	u32 addr_lo, addr_hi, data, ctrl;
};

struct pci_test {
	struct mmio_dev ecam, window;
	pthread_mutex_t lock;		/* everything below */
	u8 cfg[CFG_SIZE];
	u8 wmask[CFG_SIZE];		/* writable bits of cfg */
	u32 regs[NR_REGS];
	struct msix_entry msix[PCI_MSIX_ENTRIES];
	u64 pba;
	unsigned long sent, refused;
};

static struct pci_test pt = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

static u32 cfg_get(unsigned int off, unsigned int len)
{
	u32 v = 0;

	memcpy(&v, &pt.cfg[off], len);	/* arm64 VMM: host order is LE */
	return v;
}

static void cfg_set(unsigned int off, unsigned int len, u32 val, u32 wmask)
{
	memcpy(&pt.cfg[off], &val, len);
	memcpy(&pt.wmask[off], &wmask, len);
}

/* The guest address of a BAR, or 0 when it does not decode. */
static u64 bar_addr(int bar)
{
	if (!(cfg_get(CFG_COMMAND, 2) & CMD_MEM))
		return 0;
	return cfg_get(CFG_BAR0 + 4 * bar, 4) & ~(u32)(BAR_SIZE - 1);
}

static void signal_msi(u64 addr, u32 data)
{
	struct kvm_msi msi = {
		.address_lo	= (u32)addr,
		.address_hi	= addr >> 32,
		.data		= data,
	};

	if (!(cfg_get(CFG_COMMAND, 2) & CMD_MASTER))
		return;		/* no bus mastering, no memory write */
	if (ioctl(vm.vm_fd, KVM_SIGNAL_MSI, &msi) < 0) {
		pt.refused++;
		warn("pcitest: KVM_SIGNAL_MSI addr 0x%llx data %u: %s",
		     (unsigned long long)addr, data, strerror(errno));
		return;
	}
	pt.sent++;
}

/* MSI vector @n (0-based), if enabled; lock held. */
static void raise_msi(unsigned int n)
{
	u32 ctrl = cfg_get(MSI_CTRL, 2);
	unsigned int nvec = 1U << ((ctrl >> MSI_CTRL_MME_SHIFT) & 7);
	u32 data = cfg_get(MSI_DATA, 2);

	if (!(ctrl & MSI_CTRL_EN) || n >= nvec)
		return;
	signal_msi((u64)cfg_get(MSI_ADDR_HI, 4) << 32 | cfg_get(MSI_ADDR_LO, 4),
		   (data & ~(nvec - 1)) | n);
}

static bool msix_masked(unsigned int n)
{
	return (cfg_get(MSIX_CTRL, 2) & MSIX_CTRL_FMASK) ||
	       (pt.msix[n].ctrl & MSIX_ENTRY_CTRL_MASKED);
}

/* MSI-X vector @n (0-based): sent, or left pending while masked. */
static void raise_msix(unsigned int n)
{
	if (!(cfg_get(MSIX_CTRL, 2) & MSIX_CTRL_EN) || n >= PCI_MSIX_ENTRIES)
		return;
	if (msix_masked(n)) {
		pt.pba |= 1ULL << n;
		return;
	}
	signal_msi((u64)pt.msix[n].addr_hi << 32 | pt.msix[n].addr_lo,
		   pt.msix[n].data);
}

/* Send what was held back by a mask that is now gone. */
static void msix_flush_pending(void)
{
	unsigned int n;

	if (!(cfg_get(MSIX_CTRL, 2) & MSIX_CTRL_EN))
		return;
	for (n = 0; n < PCI_MSIX_ENTRIES; n++) {
		if (!(pt.pba & (1ULL << n)) || msix_masked(n))
			continue;
		pt.pba &= ~(1ULL << n);
		raise_msix(n);
	}
}

static void test_command(u32 cmd)
{
	u32 type = pt.regs[REG_IRQ_TYPE / 4], num = pt.regs[REG_IRQ_NUMBER / 4];

	/* The driver numbers vectors from 1. */
	pt.regs[REG_STATUS / 4] = 0;
	if (cmd & (COMMAND_READ | COMMAND_WRITE | COMMAND_COPY)) {
		pt.regs[REG_STATUS / 4] =
			(cmd & COMMAND_READ ? STATUS_READ_FAIL : 0) |
			(cmd & COMMAND_WRITE ? STATUS_WRITE_FAIL : 0) |
			(cmd & COMMAND_COPY ? STATUS_COPY_FAIL : 0);
		cmd = type == IRQ_TYPE_MSIX ? COMMAND_RAISE_MSIX :
		      type == IRQ_TYPE_MSI ? COMMAND_RAISE_MSI : 0;
	}
	if (!num || !(cmd & (COMMAND_RAISE_MSI | COMMAND_RAISE_MSIX)))
		return;
	pt.regs[REG_STATUS / 4] |= STATUS_IRQ_RAISED;
	if (cmd & COMMAND_RAISE_MSI)
		raise_msi(num - 1);
	else
		raise_msix(num - 1);
}

static void bar_read(int bar, u64 off, void *data, u32 len)
{
	u64 v = 0;

	if (bar == TEST_BAR && len == 4 && off < NR_REGS * 4) {
		v = pt.regs[off / 4];
	} else if (bar == MSIX_BAR && off < sizeof(pt.msix)) {
		memcpy(&v, (u8 *)pt.msix + off, len);
	} else if (bar == MSIX_BAR && off >= MSIX_PBA_OFF &&
		   off + len <= MSIX_PBA_OFF + sizeof(pt.pba)) {
		memcpy(&v, (u8 *)&pt.pba + off - MSIX_PBA_OFF, len);
	}
	memcpy(data, &v, len);
}

static void bar_write(int bar, u64 off, const void *data, u32 len)
{
	u32 v = 0;

	if (bar == TEST_BAR && len == 4 && off < NR_REGS * 4) {
		memcpy(&v, data, 4);
		if (off == REG_COMMAND)
			test_command(v);
		else if (off != REG_STATUS)
			pt.regs[off / 4] = v;
	} else if (bar == MSIX_BAR && off + len <= sizeof(pt.msix)) {
		memcpy((u8 *)pt.msix + off, data, len);
		msix_flush_pending();
	}
}

/* The memory window: whichever BAR is programmed there. */
static void window_access(u64 off, void *data, u32 len, bool write)
{
	u64 addr = PCI_MMIO_BASE + off, base;
	int bar;

	pthread_mutex_lock(&pt.lock);
	for (bar = 0; bar < NR_BARS; bar++) {
		base = bar_addr(bar);
		if (!pt.wmask[CFG_BAR0 + 4 * bar + 1] || !base ||
		    addr < base || addr - base + len > BAR_SIZE)
			continue;
		if (write)
			bar_write(bar, addr - base, data, len);
		else
			bar_read(bar, addr - base, data, len);
		pthread_mutex_unlock(&pt.lock);
		return;
	}
	pthread_mutex_unlock(&pt.lock);
	if (!write)
		memset(data, 0, len);
}

static void window_read(struct mmio_dev *dev, u64 off, void *data, u32 len)
{
	window_access(off, data, len, false);
}

static void window_write(struct mmio_dev *dev, u64 off, const void *data,
			 u32 len)
{
	window_access(off, (void *)data, len, true);
}

/* ECAM: bus 0 only, so the offset is devfn << 12 | register. */
static void ecam_read(struct mmio_dev *dev, u64 off, void *data, u32 len)
{
	unsigned int reg = off & 0xfff;

	if (off >> 12 || reg + len > CFG_SIZE) {
		memset(data, off >> 12 ? 0xff : 0, len);
		return;
	}
	pthread_mutex_lock(&pt.lock);
	memcpy(data, &pt.cfg[reg], len);
	pthread_mutex_unlock(&pt.lock);
}

static void ecam_write(struct mmio_dev *dev, u64 off, const void *data,
		       u32 len)
{
	unsigned int reg = off & 0xfff, i;
	const u8 *b = data;

	if (off >> 12 || reg + len > CFG_SIZE)
		return;
	pthread_mutex_lock(&pt.lock);
	for (i = 0; i < len; i++)
		pt.cfg[reg + i] = (pt.cfg[reg + i] & ~pt.wmask[reg + i]) |
				  (b[i] & pt.wmask[reg + i]);
	if (reg <= MSIX_CTRL + 1 && reg + len > MSIX_CTRL)
		msix_flush_pending();
	pthread_mutex_unlock(&pt.lock);
}

static void pci_fdt_node(struct mmio_dev *dev, void *fdt)
{
	char name[32];

	snprintf(name, sizeof(name), "pcie@%llx",
		 (unsigned long long)PCI_ECAM_BASE);
	FDT(fdt_begin_node(fdt, name));
	FDT(fdt_property_string(fdt, "compatible", "pci-host-ecam-generic"));
	FDT(fdt_property_string(fdt, "device_type", "pci"));
	fdt_reg(fdt, PCI_ECAM_BASE, PCI_ECAM_SIZE);
	fdt_cells(fdt, "bus-range", 2, 0, 0);
	FDT(fdt_property_u32(fdt, "#address-cells", 3));
	FDT(fdt_property_u32(fdt, "#size-cells", 2));
	/* One non-prefetchable 32-bit memory window, identity mapped. */
	fdt_cells(fdt, "ranges", 7, 0x02000000, 0, (u32)PCI_MMIO_BASE,
		  0, (u32)PCI_MMIO_BASE, 0, (u32)PCI_MMIO_SIZE);
	FDT(fdt_property(fdt, "dma-coherent", NULL, 0));
	FDT(fdt_property_u32(fdt, "msi-parent", PHANDLE_RVID));
	FDT(fdt_end_node(fdt));
}

/*
 * KVM must refuse what no guest programmed: an MSI to another address than
 * the doorbell, or with data outside the MSI inputs (a wired input, or
 * past the last input).
 */
static void pci_check_bad_msis(struct mmio_dev *dev)
{
	static const struct { u64 addr; u32 data; const char *what; } bad[] = {
		{ MSI_DOORBELL + 4,	64,	"wrong doorbell" },
		{ 0,			64,	"address 0" },
		{ MSI_DOORBELL,		0,	"data = wired input 0" },
		{ MSI_DOORBELL,		63,	"data = input below the range" },
		{ MSI_DOORBELL,		96,	"data past the last input" },
		{ MSI_DOORBELL,		~0U,	"data 0xffffffff" },
	};
	unsigned int i, ok = 0;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct kvm_msi msi = {
			.address_lo	= (u32)bad[i].addr,
			.address_hi	= bad[i].addr >> 32,
			.data		= bad[i].data,
		};
		int ret = ioctl(vm.vm_fd, KVM_SIGNAL_MSI, &msi);

		if (ret < 0 && errno == EINVAL)
			ok++;
		else
			warn("pcitest: bad MSI (%s) not refused: ret %d, %s",
			     bad[i].what, ret, ret < 0 ? strerror(errno) : "-");
	}
	fprintf(stderr, "rvic-vmm: pcitest: bad MSIs refused by KVM: %u/%zu\n",
		ok, ARRAY_SIZE(bad));
}

/* --save keeps the function's configuration space, registers and MSI-X table */
#define PCI_STATE_START	offsetof(struct pci_test, cfg)
#define PCI_STATE_LEN	(sizeof(struct pci_test) - PCI_STATE_START)

static size_t pci_save(struct mmio_dev *dev, void **data)
{
	/* Held for good; only vCPU threads, parked by now, take it. */
	pthread_mutex_lock(&pt.lock);
	*data = (u8 *)&pt + PCI_STATE_START;
	return PCI_STATE_LEN;
}

static int pci_restore(struct mmio_dev *dev, const void *data, size_t len)
{
	if (len != PCI_STATE_LEN)
		return -1;
	pthread_mutex_lock(&pt.lock);
	memcpy((u8 *)&pt + PCI_STATE_START, data, len);
	pthread_mutex_unlock(&pt.lock);
	return 0;
}

/** pci_init() - create the host bridge and the endpoint test device */
void pci_init(void)
{
	int bar;

	if (vm.irqchip != IRQCHIP_RVIC)
		die("--pcitest needs --irqchip rvic: the GICv3 VMs have no ITS");

	cfg_set(CFG_VENDOR, 4, PCI_DEVICE_DRA74X << 16 | PCI_VENDOR_TI, 0);
	cfg_set(CFG_COMMAND, 2, 0, CMD_MEM | CMD_MASTER | CMD_INTX_DISABLE);
	cfg_set(CFG_STATUS, 2, STATUS_CAP_LIST, 0);
	cfg_set(CFG_CLASS_REV, 4, PCI_CLASS_OTHER << 8, 0);
	cfg_set(CFG_SUBSYS, 4, PCI_DEVICE_DRA74X << 16 | PCI_VENDOR_TI, 0);
	cfg_set(CFG_CAP_PTR, 1, CAP_MSI, 0);
	/* 32-bit memory BARs; the size is what the guest cannot write. */
	for (bar = 0; bar < NR_BARS; bar++)
		if (bar == TEST_BAR || bar == MSIX_BAR)
			cfg_set(CFG_BAR0 + 4 * bar, 4, 0, ~(u32)(BAR_SIZE - 1));

	cfg_set(CAP_MSI, 2, CAP_MSIX << 8 | CAP_ID_MSI, 0);
	cfg_set(MSI_CTRL, 2, MSI_CTRL_64BIT |
		MSI_LOG2_VECTORS << MSI_CTRL_MMC_SHIFT,
		MSI_CTRL_EN | 7 << MSI_CTRL_MME_SHIFT);
	cfg_set(MSI_ADDR_LO, 4, 0, ~3U);
	cfg_set(MSI_ADDR_HI, 4, 0, ~0U);
	cfg_set(MSI_DATA, 2, 0, 0xffff);

	cfg_set(CAP_MSIX, 2, CAP_ID_MSIX, 0);
	cfg_set(MSIX_CTRL, 2, PCI_MSIX_ENTRIES - 1,
		MSIX_CTRL_EN | MSIX_CTRL_FMASK);
	cfg_set(MSIX_TABLE, 4, MSIX_BAR, 0);
	cfg_set(MSIX_PBA, 4, MSIX_PBA_OFF | MSIX_BAR, 0);
	for (bar = 0; bar < PCI_MSIX_ENTRIES; bar++)
		pt.msix[bar].ctrl = MSIX_ENTRY_CTRL_MASKED;

	pt.ecam = (struct mmio_dev) {
		.name		= "pci-ecam",
		.base		= PCI_ECAM_BASE,
		.size		= PCI_ECAM_SIZE,
		.read		= ecam_read,
		.write		= ecam_write,
		.fdt_node	= pci_fdt_node,
		.start		= pci_check_bad_msis,
		.save		= pci_save,
		.restore	= pci_restore,
	};
	pt.window = (struct mmio_dev) {
		.name		= "pci-mmio",
		.base		= PCI_MMIO_BASE,
		.size		= PCI_MMIO_SIZE,
		.read		= window_read,
		.write		= window_write,
	};
	mmio_register(&pt.ecam);
	mmio_register(&pt.window);
}
