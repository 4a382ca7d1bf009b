// SPDX-License-Identifier: GPL-2.0
/*
 * rvic-vmm: command line, validation and the order in which the VM is put
 * together. See README.md for the usage and the guest's view of it.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include <fcntl.h>

#include "vmm.h"

struct vm vm = {
	.nr_cpus	= 1,
	.ram_size	= 256 * SZ_1M,
	.irqchip	= IRQCHIP_RVIC,
	.rvic_ext	= -1,
	.kvm_fd		= -1,
	.vm_fd		= -1,
};

static pthread_mutex_t exit_lock = PTHREAD_MUTEX_INITIALIZER;

/**
 * vmm_exit() - end the VMM from any thread
 * @status: the process exit status
 *
 * Only the first caller gets to run the atexit handlers (terminal
 * restore); any other thread calling in the meantime just waits for the
 * process to go.
 */
void vmm_exit(int status)
{
	pthread_mutex_lock(&exit_lock);
	exit(status);
}

static void vreport(const char *fmt, va_list ap, int err)
{
	fputs("rvic-vmm: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
	vmm_exit(1);
}

void die_perror(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, err);
	va_end(ap);
	vmm_exit(1);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap, 0);
	va_end(ap);
}

static void usage(void)
{
	printf(
		"usage: rvic-vmm --kernel Image [--initrd file] [--cmdline \"...\"]\n"
		"                [--cpus N] [--mem MiB] [--irqchip rvic|gicv3]\n"
		"                [--dump-dtb file.dtb] [--testdev] [--pcitest] [--reboot N]\n"
		"                [--save FILE [--save-after SECONDS]] [--restore FILE]\n"
		"                [--rvic-ext N]\n"
		"\n"
		"  --kernel FILE     arm64 Image to boot (not needed with --dump-dtb alone)\n"
		"  --initrd FILE     initramfs, loaded below the device tree\n"
		"  --cmdline STR     guest kernel command line (/chosen/bootargs)\n"
		"  --cpus N          vCPUs, 1 to %d and at most KVM_CAP_MAX_VCPUS (default 1)\n"
		"  --mem MiB         guest RAM at 0x%llx, %d to %d MiB (default 256)\n"
		"  --irqchip TYPE    rvic (default) or gicv3\n"
		"  --rvic-ext N      offer the guest the rVIC ABI extension up to revision N;\n"
		"                    0 hides it (the guest sees a 0.3 rVIC). Default: what\n"
		"                    the host offers\n"
		"  --dump-dtb FILE   write the guest's device tree to FILE and exit,\n"
		"                    without creating a VM (no /dev/kvm needed)\n"
		"  --testdev         add the interrupt test device (see README.md)\n"
		"  --pcitest         add a PCI host with a PCI endpoint test function\n"
		"                    (MSI, MSI-X; rvic only, see README.md)\n"
		"  --reboot N        restart the guest on its first N resets (PSCI\n"
		"                    SYSTEM_RESET), adding rvic.reboot=<n> to its command\n"
		"                    line; the next reset ends the VMM (default 0)\n"
		"  --save FILE       on SIGTERM, stop the guest, write it whole (RAM, vCPU\n"
		"                    registers, rVIC/rVID and device state) to FILE and exit\n"
		"  --save-after S    ... or S seconds after the guest started (or resumed)\n"
		"  --restore FILE    resume the guest --save wrote, instead of booting one;\n"
		"                    --cpus, --mem, --irqchip, --testdev, --pcitest and\n"
		"                    --rvic-ext 0 must be those it was saved with (rvic only)\n"
		"  --dt-quirk NAME   break the rvic/rvid DT nodes on purpose, for tests:\n"
		"                    rvid-self-parent, rvid-no-interrupt-cells,\n"
		"                    rvid-unknown-compatible, rvic-3-interrupt-cells,\n"
		"                    device-msi-input (devices' interrupts in arm,msi-inputs)\n"
		"\n"
		"Console: a 16550 UART on stdio (ttyS0). On a terminal, Ctrl-A x quits.\n"
		"Exit status: 0 when the guest shuts down or resets (past --reboot), 1 on\n"
		"errors.\n",
		VMM_MAX_CPUS, (unsigned long long)RAM_BASE, MEM_MIN_MIB,
		MEM_MAX_MIB);
}

static unsigned long parse_num(const char *opt, const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		die("%s: '%s' is not a number", opt, s);
	return v;
}

static void check_file(const char *what, const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die_perror("%s '%s'", what, path);
	close(fd);
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel",	required_argument, NULL, 'k' },
		{ "initrd",	required_argument, NULL, 'i' },
		{ "cmdline",	required_argument, NULL, 'c' },
		{ "cpus",	required_argument, NULL, 'n' },
		{ "mem",	required_argument, NULL, 'm' },
		{ "irqchip",	required_argument, NULL, 'I' },
		{ "dump-dtb",	required_argument, NULL, 'd' },
		{ "testdev",	no_argument,	   NULL, 't' },
		{ "pcitest",	no_argument,	   NULL, 'p' },
		{ "dt-quirk",	required_argument, NULL, 'Q' },
		{ "reboot",	required_argument, NULL, 'r' },
		{ "save",	required_argument, NULL, 'S' },
		{ "save-after",	required_argument, NULL, 'A' },
		{ "restore",	required_argument, NULL, 'R' },
		{ "rvic-ext",	required_argument, NULL, 'E' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ }
	};
	unsigned long cpus = vm.nr_cpus, mib = vm.ram_size / SZ_1M, ext;
	struct sysinfo si;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			vm.kernel = optarg;
			break;
		case 'i':
			vm.initrd = optarg;
			break;
		case 'c':
			vm.cmdline = optarg;
			break;
		case 'n':
			cpus = parse_num("--cpus", optarg);
			break;
		case 'm':
			mib = parse_num("--mem", optarg);
			break;
		case 'd':
			vm.dump_dtb = optarg;
			break;
		case 't':
			vm.testdev = true;
			break;
		case 'p':
			vm.pcitest = true;
			break;
		case 'r':
			vm.max_reboots = parse_num("--reboot", optarg);
			break;
		case 'S':
			vm.save = optarg;
			break;
		case 'A':
			vm.save_after = parse_num("--save-after", optarg);
			if (!vm.save_after)
				die("--save-after 0: give at least 1 second");
			break;
		case 'R':
			vm.restore = optarg;
			break;
		case 'E':
			ext = parse_num("--rvic-ext", optarg);
			if (ext > 0xff)
				die("--rvic-ext %lu: not a revision (0 to 255)", ext);
			vm.rvic_ext = ext;
			break;
		case 'Q':
			if (irqchip_dt_quirk(optarg))
				die("unknown --dt-quirk '%s' (see --help)", optarg);
			break;
		case 'I':
			if (irqchip_parse(optarg, &vm.irqchip))
				die("unknown irqchip '%s' (use rvic or gicv3)",
				    optarg);
			break;
		case 'h':
			usage();
			exit(0);
		default:
			die("bad command line (see --help)");
		}
	}
	if (optind < argc)
		die("unexpected argument '%s' (see --help)", argv[optind]);

	if (!vm.kernel && !vm.dump_dtb && !vm.restore)
		die("no kernel: --kernel Image is required (see --help)");
	if (vm.rvic_ext >= 0 && vm.irqchip != IRQCHIP_RVIC)
		die("--rvic-ext is an rVIC setting: it needs --irqchip rvic");
	if ((vm.save || vm.restore) && vm.irqchip != IRQCHIP_RVIC)
		die("--save and --restore need --irqchip rvic: this VMM does not save a GICv3");
	if (vm.restore && vm.max_reboots)
		die("--reboot reloads --kernel, which a --restore has not: leave it out");
	if (vm.save_after && !vm.save)
		die("--save-after needs --save FILE");
	if (vm.restore && (vm.kernel || vm.initrd || vm.dump_dtb))
		die("--restore FILE resumes the guest in FILE: no --kernel, --initrd or --dump-dtb");
	if (vm.kernel)
		check_file("kernel", vm.kernel);
	if (vm.initrd)
		check_file("initrd", vm.initrd);

	if (cpus < 1)
		die("--cpus %lu: a VM needs at least one vCPU", cpus);
	if (cpus > VMM_MAX_CPUS)
		die("--cpus %lu: too many vCPUs (this VMM supports at most %d)",
		    cpus, VMM_MAX_CPUS);
	vm.nr_cpus = cpus;

	if (mib < MEM_MIN_MIB)
		die("--mem %lu: memory too small (at least %d MiB)",
		    mib, MEM_MIN_MIB);
	if (mib > MEM_MAX_MIB)
		die("--mem %lu: memory too large (at most %d MiB)",
		    mib, MEM_MAX_MIB);
	if (!sysinfo(&si) && mib * SZ_1M > (u64)si.totalram * si.mem_unit)
		die("--mem %lu: memory too large (the host has %llu MiB)", mib,
		    (unsigned long long)si.totalram * si.mem_unit / SZ_1M);
	vm.ram_size = mib * SZ_1M;
}

static void dump_dtb(void)
{
	size_t size;
	void *fdt = fdt_build(&size);
	FILE *f = fopen(vm.dump_dtb, "wb");

	if (!f)
		die_perror("--dump-dtb: cannot create '%s'", vm.dump_dtb);
	if (fwrite(fdt, 1, size, f) != size || fclose(f))
		die_perror("--dump-dtb: writing '%s'", vm.dump_dtb);
	free(fdt);
}

int main(int argc, char **argv)
{
	unsigned int max;
	int i;

	parse_args(argc, argv);

	/* No KVM for the DTB: MPIDRs are KVM's defaults, checked in kvm.c. */
	for (i = 0; i < (int)vm.nr_cpus; i++)
		vm.cpus[i].mpidr = kvm_default_mpidr(i);
	uart_init();
	if (vm.testdev)
		testdev_init();
	if (vm.pcitest)
		pci_init();

	if (vm.dump_dtb) {
		load_layout();
		dump_dtb();
		return 0;
	}

	kvm_open();
	max = kvm_max_vcpus();
	if (vm.nr_cpus > max)
		die("--cpus %u: too many vCPUs (KVM_CAP_MAX_VCPUS is %u)",
		    vm.nr_cpus, max);

	if (vm.restore)
		snapshot_open();
	kvm_create_vm();
	irqchip_create();
	kvm_create_vcpus();
	irqchip_finalize();

	if (vm.restore) {
		snapshot_restore();
		fprintf(stderr, "rvic-vmm: VM ready: %u vCPU(s), %llu MiB, irqchip %s, resumed from %s\n",
			vm.nr_cpus, (unsigned long long)(vm.ram_size / SZ_1M),
			irqchip_name(vm.irqchip), vm.restore);
	} else {
		load_layout();
		load_images();
		kvm_set_boot_regs(vm.kernel_addr, vm.dtb_addr);
		fprintf(stderr,
			"rvic-vmm: VM ready: %u vCPU(s), %llu MiB, irqchip %s, kernel at 0x%llx, dtb at 0x%llx\n",
			vm.nr_cpus,
			(unsigned long long)(vm.ram_size / SZ_1M),
			irqchip_name(vm.irqchip), (unsigned long long)vm.kernel_addr,
			(unsigned long long)vm.dtb_addr);
	}

	kvm_init_signals();
	mmio_start();
	kvm_run_vcpus();
}
