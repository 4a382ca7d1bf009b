/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rvic-vmm: a small VMM for arm64 KVM guests whose interrupt controller is
 * an rVIC/rVID or a GICv3. Declarations shared by its files:
 *
 *   main.c     command line, validation, bring-up order
 *   kvm.c      VM, guest RAM, vCPUs and their run loops
 *   irqchip.c  irqchip creation, the interrupt allocator, injection
 *   load.c     guest memory layout, Image and initrd loading
 *   fdt.c      the device tree, with a callback per device
 *   mmio.c     the MMIO device list and exit dispatch
 *   uart.c     16550 console on stdio
 *   testdev.c  interrupt test device (--testdev)
 *   pci.c      ECAM PCI host and a PCI endpoint test function (--pcitest)
 *   snapshot.c --save and --restore
 */
#ifndef RVIC_VMM_H
#define RVIC_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;
typedef uint64_t u64;

#define __noreturn	__attribute__((noreturn))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define SZ_4K		0x1000ULL
#define SZ_64K		0x10000ULL
#define SZ_1M		0x100000ULL
#define SZ_2M		0x200000ULL

/* Guest physical memory map */
#define GICD_BASE	0x08000000ULL	/* GICv3 distributor, 64 KiB */
#define GICD_SIZE	SZ_64K
#define GICR_BASE	0x080a0000ULL	/* GICv3 redistributors, 128 KiB each */
#define GICR_SIZE_CPU	0x20000ULL
#define UART_BASE	0x09000000ULL
#define UART_SIZE	0x100ULL
#define TESTDEV_BASE	0x09010000ULL
#define MSI_DOORBELL	0x08ff0000ULL	/* rVID MSIs: decoded by KVM, nothing there */
#define TESTDEV_SIZE	SZ_4K
#define PCI_ECAM_BASE	0x10000000ULL	/* ECAM of bus 0 */
#define PCI_ECAM_SIZE	SZ_1M
#define PCI_MMIO_BASE	0x11000000ULL	/* 32-bit memory window for BARs */
#define PCI_MMIO_SIZE	(16 * SZ_1M)
#define RAM_BASE	0x80000000ULL	/* 2 MiB aligned, as Image wants */

#define VMM_MAX_CPUS	8
#define MEM_MIN_MIB	64
#define MEM_MAX_MIB	(64 * 1024)	/* well inside the default 40-bit IPA */

#define ALIGN_DOWN(x, a)	((x) & ~((u64)(a) - 1))
#define ALIGN_UP(x, a)		ALIGN_DOWN((x) + (a) - 1, (a))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

enum irqchip_type {
	IRQCHIP_RVIC,
	IRQCHIP_GICV3,
};

struct vcpu {
	int id;
	int fd;
	u64 mpidr;			/* MPIDR_EL1 affinity fields */
	struct kvm_run *run;
};

struct vm {
	/* configuration, from the command line */
	const char *kernel;
	const char *initrd;
	const char *cmdline;
	const char *dump_dtb;
	unsigned int nr_cpus;
	u64 ram_size;
	enum irqchip_type irqchip;
	bool testdev;
	bool pcitest;
	int rvic_ext;			/* --rvic-ext N, -1: the host's default */
	unsigned int max_reboots;	/* --reboot N */
	unsigned int reboots;		/* done so far */
	const char *save;		/* --save FILE */
	unsigned int save_after;	/* --save-after SECONDS, 0: on SIGTERM only */
	const char *restore;		/* --restore FILE */

	/* KVM; fds are -1 when only dumping the DTB */
	int kvm_fd;
	int vm_fd;
	int run_size;
	u8 *ram;
	struct vcpu cpus[VMM_MAX_CPUS];

	/* guest memory layout (load.c) */
	u64 kernel_addr, kernel_end;
	u64 initrd_start, initrd_end;
	u64 dtb_addr;

	/* device tree path of the console, for /chosen/stdout-path */
	const char *stdout_path;
};

extern struct vm vm;

/* main.c */
__noreturn void vmm_exit(int status);
__noreturn __printf(1, 2) void die(const char *fmt, ...);
__noreturn __printf(1, 2) void die_perror(const char *fmt, ...);
__printf(1, 2) void warn(const char *fmt, ...);

/* kvm.c */
void kvm_open(void);
unsigned int kvm_max_vcpus(void);
void kvm_create_vm(void);
void kvm_create_vcpus(void);
void kvm_set_boot_regs(u64 entry, u64 dtb);
void kvm_init_signals(void);
__noreturn void kvm_run_vcpus(void);
u64 kvm_default_mpidr(int id);

/* irqchip.c */
int irqchip_parse(const char *name, enum irqchip_type *type);
int irqchip_dt_quirk(const char *name);
const char *irqchip_name(enum irqchip_type type);
void irqchip_create(void);
void irqchip_finalize(void);
int irq_alloc(void);
bool irq_is_edge(void);
void irq_line(int irq, int level);
void irq_pulse(int irq);
void irqchip_fdt(void *fdt);
void irqchip_fdt_timer(void *fdt);
void irqchip_fdt_irq(void *fdt, int irq, bool edge);
u32 irqchip_phandle(void);
void *irqchip_save(size_t *len);
void irqchip_restore(const void *data, size_t len, const char *file);

/* load.c */
void load_layout(void);
void load_images(void);

/* fdt.c */
void *fdt_build(size_t *size);
void fdt_check(int err, const char *what);
void fdt_cells(void *fdt, const char *name, int n, ...);
void fdt_reg(void *fdt, u64 base, u64 size);
/* Every libfdt sequential-write call goes through this: errors are fatal. */
#define FDT(call)	fdt_check((call), #call)

/* Fixed phandles, and the interrupt specifier flags of dt-bindings/irq.h */
#define PHANDLE_IRQCHIP		1	/* the rVIC or the GICv3 */
#define PHANDLE_RVID		2
#define IRQ_TYPE_EDGE_RISING	1
#define IRQ_TYPE_LEVEL_HIGH	4

/* mmio.c */
struct mmio_dev {
	const char *name;
	u64 base;
	u64 size;
	/* @off is relative to @base; @len is 1, 2, 4 or 8 */
	void (*read)(struct mmio_dev *dev, u64 off, void *data, u32 len);
	void (*write)(struct mmio_dev *dev, u64 off, const void *data, u32 len);
	/* adds the device's node to the tree under construction */
	void (*fdt_node)(struct mmio_dev *dev, void *fdt);
	/* starts the device's threads, once the VM is about to run */
	void (*start)(struct mmio_dev *dev);
	/*
	 * --save: freeze the device for good (its lock stays taken, its
	 * threads stop at it) and point @data at its state; returns the
	 * state's length. --restore, before start: take that state back;
	 * returns -1 when @len is not what save gives. Both optional.
	 */
	size_t (*save)(struct mmio_dev *dev, void **data);
	int (*restore)(struct mmio_dev *dev, const void *data, size_t len);
	struct mmio_dev *next;
};

void mmio_register(struct mmio_dev *dev);
void mmio_access(u64 addr, void *data, u32 len, bool is_write);
void mmio_fdt_nodes(void *fdt);
void mmio_start(void);
struct mmio_dev *mmio_device(unsigned int n);

/* uart.c, testdev.c, pci.c */
void uart_init(void);
void testdev_init(void);
void pci_init(void);

/* snapshot.c */
void snapshot_save(void);
void snapshot_open(void);
void snapshot_restore(void);

#endif /* RVIC_VMM_H */
