// SPDX-License-Identifier: GPL-2.0
/*
 * The VM, its RAM and its vCPUs.
 *
 * Every vCPU gets PSCI 0.2+ (KVM_ARM_VCPU_PSCI_0_2), which KVM handles by
 * itself: vCPU 0 starts at the kernel entry with x0 = the DTB address,
 * the others start powered off and are brought up by the guest's
 * PSCI CPU_ON. Each vCPU runs in its own thread; the VMM ends when a vCPU
 * reports a PSCI SYSTEM_OFF or SYSTEM_RESET (status 0) or when anything
 * goes wrong (status 1).
 *
 * With --reboot N, the first N SYSTEM_RESETs restart the guest instead, as
 * a VMM does on a reboot: the vCPU that got it kicks the others, every
 * vCPU thread meets at a barrier, one reloads the Image, the initrd and a
 * new DTB (its command line saying rvic.reboot=<n>), each initialises its
 * own vCPU again with KVM_ARM_VCPU_INIT (which resets it, and its rVIC
 * instance), and vCPU 0 starts at the kernel entry again. The devices keep
 * running throughout: the test device may fire into the reset.
 *
 * SIGUSR1 to the process prints every vCPU's PC, LR, SP and PSTATE on
 * stderr, for a guest that hangs: the main thread takes the signal and
 * kicks each vCPU out of KVM_RUN (SIGUSR2 + immediate_exit), since only
 * the vCPU's own thread can read its registers.
 *
 * With --save, SIGTERM (or --save-after seconds) stops the guest: the main
 * thread kicks every vCPU, each one runs KVM_RUN once more with
 * immediate_exit set, which completes an MMIO access it has just handled
 * and returns at once, and parks; once all are parked the main thread
 * writes the snapshot (snapshot.c) and the VMM exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "vmm.h"

#define MPIDR_HWID_MASK	0xff00ffffffULL
#define SYS_MPIDR_EL1	ARM64_SYS_REG(3, 0, 0, 0, 5)
#define SIG_KICK	SIGUSR2
#define CORE_REG(x)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | \
			 KVM_REG_ARM_CORE_REG(x))

void kvm_open(void)
{
	int ver;

	vm.kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm.kvm_fd < 0)
		die_perror("cannot open /dev/kvm");
	ver = ioctl(vm.kvm_fd, KVM_GET_API_VERSION, 0);
	if (ver < 0)
		die_perror("KVM_GET_API_VERSION");
	if (ver != KVM_API_VERSION)
		die("KVM API version %d, expected %d", ver, KVM_API_VERSION);
	if (ioctl(vm.kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PSCI_0_2) <= 0)
		die("KVM lacks KVM_CAP_ARM_PSCI_0_2");
}

/**
 * kvm_max_vcpus() - the largest vCPU count the host allows
 *
 * Return: KVM_CAP_MAX_VCPUS, or KVM_CAP_NR_VCPUS on a host without it.
 */
unsigned int kvm_max_vcpus(void)
{
	int max = ioctl(vm.kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);

	if (max <= 0)
		max = ioctl(vm.kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
	return max > 0 ? max : 1;
}

/**
 * kvm_default_mpidr() - the MPIDR affinity KVM gives a vCPU at reset
 * @id: the vCPU id
 *
 * Return: Aff0 = id[3:0], Aff1 = id[11:4], Aff2 = id[19:12], as in KVM's
 * reset_mpidr(). Lets the DTB be built without a VM; kvm.c checks the
 * real value against it.
 */
u64 kvm_default_mpidr(int id)
{
	return (id & 0xf) | (((u64)(id >> 4) & 0xff) << 8) |
	       (((u64)(id >> 12) & 0xff) << 16);
}

void kvm_create_vm(void)
{
	struct kvm_userspace_memory_region region;

	vm.vm_fd = ioctl(vm.kvm_fd, KVM_CREATE_VM, 0);
	if (vm.vm_fd < 0)
		die_perror("KVM_CREATE_VM");
	vm.run_size = ioctl(vm.kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm.run_size <= 0)
		die_perror("KVM_GET_VCPU_MMAP_SIZE");

	vm.ram = mmap(NULL, vm.ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm.ram == MAP_FAILED)
		die_perror("mmap of %llu MiB of guest RAM",
			   (unsigned long long)(vm.ram_size / SZ_1M));
	region = (struct kvm_userspace_memory_region) {
		.slot		 = 0,
		.guest_phys_addr = RAM_BASE,
		.memory_size	 = vm.ram_size,
		.userspace_addr	 = (u64)(uintptr_t)vm.ram,
	};
	if (ioctl(vm.vm_fd, KVM_SET_USER_MEMORY_REGION, &region))
		die_perror("KVM_SET_USER_MEMORY_REGION");
}

static u64 get_reg(struct vcpu *cpu, u64 id)
{
	u64 val;
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(uintptr_t)&val };

	if (ioctl(cpu->fd, KVM_GET_ONE_REG, &reg))
		die_perror("vCPU %d: KVM_GET_ONE_REG 0x%llx", cpu->id,
			   (unsigned long long)id);
	return val;
}

static void set_reg(struct vcpu *cpu, u64 id, u64 val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)(uintptr_t)&val };

	if (ioctl(cpu->fd, KVM_SET_ONE_REG, &reg))
		die_perror("vCPU %d: KVM_SET_ONE_REG 0x%llx", cpu->id,
			   (unsigned long long)id);
}

static struct kvm_vcpu_init preferred;

/* KVM_ARM_VCPU_INIT: vCPU 0 runnable, the others off until CPU_ON */
static void vcpu_init(struct vcpu *cpu)
{
	struct kvm_vcpu_init init = preferred;

	memset(init.features, 0, sizeof(init.features));
	init.features[0] = 1U << KVM_ARM_VCPU_PSCI_0_2;
	if (cpu->id)
		init.features[0] |= 1U << KVM_ARM_VCPU_POWER_OFF;
	if (ioctl(cpu->fd, KVM_ARM_VCPU_INIT, &init))
		die_perror("vCPU %d: KVM_ARM_VCPU_INIT", cpu->id);
}

void kvm_create_vcpus(void)
{
	unsigned int i;
	u64 mpidr;

	if (ioctl(vm.vm_fd, KVM_ARM_PREFERRED_TARGET, &preferred))
		die_perror("KVM_ARM_PREFERRED_TARGET");

	for (i = 0; i < vm.nr_cpus; i++) {
		struct vcpu *cpu = &vm.cpus[i];

		cpu->id = i;
		cpu->fd = ioctl(vm.vm_fd, KVM_CREATE_VCPU, i);
		if (cpu->fd < 0)
			die_perror("KVM_CREATE_VCPU %u", i);
		cpu->run = mmap(NULL, vm.run_size, PROT_READ | PROT_WRITE,
				MAP_SHARED, cpu->fd, 0);
		if (cpu->run == MAP_FAILED)
			die_perror("vCPU %u: mmap of kvm_run", i);

		vcpu_init(cpu);

		/* The DTB's cpu nodes name the real affinity. */
		mpidr = get_reg(cpu, SYS_MPIDR_EL1) & MPIDR_HWID_MASK;
		if (mpidr != cpu->mpidr)
			warn("vCPU %u: MPIDR 0x%llx, not the expected 0x%llx (a --dump-dtb tree would differ)",
			     i,
			     (unsigned long long)mpidr,
			     (unsigned long long)cpu->mpidr);
		cpu->mpidr = mpidr;
	}
}

/**
 * kvm_set_boot_regs() - enter the kernel on vCPU 0 as booting.rst wants
 * @entry: the Image's load address
 * @dtb: the DTB's guest physical address
 *
 * KVM's reset state already has the MMU off and PSTATE = EL1h with
 * D, A, I and F masked; x1..x3 are zero.
 */
void kvm_set_boot_regs(u64 entry, u64 dtb)
{
	set_reg(&vm.cpus[0], CORE_REG(regs.regs[0]), dtb);
	set_reg(&vm.cpus[0], CORE_REG(regs.pc), entry);
}

static __thread struct vcpu *this_vcpu;
static volatile sig_atomic_t dump_pending[VMM_MAX_CPUS];
static pthread_t threads[VMM_MAX_CPUS];

/* A reboot in progress (--reboot): every vCPU thread joins it. */
static atomic_bool rebooting;
static pthread_barrier_t reboot_barrier;
static const char *base_cmdline;

/* --save: every vCPU thread parks, then the main thread saves. */
static atomic_bool stopping;
static pthread_barrier_t stop_barrier;

/* Runs on the vCPU's own thread: makes KVM_RUN return -EINTR at once. */
static void kick_handler(int sig)
{
	if (this_vcpu)
		this_vcpu->run->immediate_exit = 1;
}

static void dump_regs(struct vcpu *cpu)
{
	fprintf(stderr,
		"rvic-vmm: vCPU %d: pc %016llx lr %016llx sp_el1 %016llx pstate %08llx\n",
		cpu->id,
		(unsigned long long)get_reg(cpu, CORE_REG(regs.pc)),
		(unsigned long long)get_reg(cpu, CORE_REG(regs.regs[30])),
		(unsigned long long)get_reg(cpu, CORE_REG(sp_el1)),
		(unsigned long long)get_reg(cpu, CORE_REG(regs.pstate)));
}

/* The thread that serves the barrier's last arrival reloads the guest. */
static void reboot_reload(void)
{
	static char *cmdline;

	vm.reboots++;
	fprintf(stderr, "\nrvic-vmm: guest reset, rebooting (%u of %u)\n",
		vm.reboots, vm.max_reboots);
	free(cmdline);
	if (asprintf(&cmdline, "%s rvic.reboot=%u", base_cmdline ?: "", vm.reboots) < 0)
		die("out of memory");
	vm.cmdline = cmdline;
	load_images();
}

/* Every vCPU thread: meet, reload, initialise its vCPU again, go on. */
static void reboot_join(struct vcpu *cpu)
{
	cpu->run->immediate_exit = 0;
	if (pthread_barrier_wait(&reboot_barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		reboot_reload();
	pthread_barrier_wait(&reboot_barrier);
	vcpu_init(cpu);
	if (!cpu->id)
		kvm_set_boot_regs(vm.kernel_addr, vm.dtb_addr);
	if (pthread_barrier_wait(&reboot_barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
		atomic_store(&rebooting, false);
	pthread_barrier_wait(&reboot_barrier);
}

static void handle_system_event(struct vcpu *cpu)
{
	switch (cpu->run->system_event.type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
		fprintf(stderr, "\nrvic-vmm: guest powered off\n");
		vmm_exit(0);
	case KVM_SYSTEM_EVENT_RESET:
		if (vm.reboots < vm.max_reboots) {
			/* KVM has stopped every vCPU: get their threads out */
			if (!atomic_exchange(&rebooting, true)) {
				for (unsigned int i = 0; i < vm.nr_cpus; i++) {
					if (&vm.cpus[i] != cpu)
						pthread_kill(threads[i], SIG_KICK);
				}
			}
			return;
		}
		fprintf(stderr, "\nrvic-vmm: guest reset, exiting\n");
		vmm_exit(0);
	case KVM_SYSTEM_EVENT_CRASH:
		die("vCPU %d: guest reported a crash", cpu->id);
	default:
		die("vCPU %d: unhandled system event %u", cpu->id,
		    cpu->run->system_event.type);
	}
}

/* --save: complete what KVM_RUN left pending, then wait for the end. */
static __noreturn void park(struct vcpu *cpu)
{
	cpu->run->immediate_exit = 1;
	if (ioctl(cpu->fd, KVM_RUN, 0) == 0 || (errno != EINTR && errno != EAGAIN))
		die("vCPU %d: KVM_RUN with immediate_exit did not return EINTR", cpu->id);
	pthread_barrier_wait(&stop_barrier);
	for (;;)
		pause();
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *cpu = arg;
	struct kvm_run *run = cpu->run;
	sigset_t kick;

	this_vcpu = cpu;
	sigemptyset(&kick);
	sigaddset(&kick, SIG_KICK);
	pthread_sigmask(SIG_UNBLOCK, &kick, NULL);

	for (;;) {
		if (atomic_load(&stopping))
			park(cpu);
		if (atomic_load(&rebooting))
			reboot_join(cpu);
		if (ioctl(cpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				run->immediate_exit = 0;
				if (dump_pending[cpu->id]) {
					dump_pending[cpu->id] = 0;
					dump_regs(cpu);
				}
				continue;
			}
			die_perror("vCPU %d: KVM_RUN", cpu->id);
		}

		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			mmio_access(run->mmio.phys_addr, run->mmio.data,
				    run->mmio.len, run->mmio.is_write);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			handle_system_event(cpu);
			break;
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_FAIL_ENTRY:
			die("vCPU %d: KVM_EXIT_FAIL_ENTRY, reason 0x%llx",
			    cpu->id, (unsigned long long)
			    run->fail_entry.hardware_entry_failure_reason);
		case KVM_EXIT_INTERNAL_ERROR:
			die("vCPU %d: KVM_EXIT_INTERNAL_ERROR, suberror %u",
			    cpu->id, run->internal.suberror);
		default:
			die("vCPU %d: unhandled exit reason %u", cpu->id,
			    run->exit_reason);
		}
	}
	return NULL;
}

/**
 * kvm_init_signals() - block SIGUSR1 and the kick signal
 *
 * Call before any thread is created, so that every thread inherits the
 * mask: SIGUSR1 is only taken by kvm_run_vcpus()' sigwait(), the kick
 * only by the vCPU threads, which unblock it.
 */
void kvm_init_signals(void)
{
	struct sigaction sa = { .sa_handler = kick_handler };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIG_KICK);
	if (vm.save)
		sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	sigaction(SIG_KICK, &sa, NULL);
}

/* Stop every vCPU, write the snapshot, exit. */
static __noreturn void stop_and_save(void)
{
	unsigned int i;

	fprintf(stderr, "\nrvic-vmm: stopping the guest to save it\n");
	atomic_store(&stopping, true);
	for (i = 0; i < vm.nr_cpus; i++)
		pthread_kill(threads[i], SIG_KICK);
	pthread_barrier_wait(&stop_barrier);
	snapshot_save();
	vmm_exit(0);
}

void kvm_run_vcpus(void)
{
	struct timespec deadline = { }, now, left;
	sigset_t set;
	unsigned int i;
	int err, sig;

	base_cmdline = vm.cmdline;
	err = pthread_barrier_init(&reboot_barrier, NULL, vm.nr_cpus);
	if (!err)
		err = pthread_barrier_init(&stop_barrier, NULL, vm.nr_cpus + 1);
	if (err) {
		errno = err;
		die_perror("pthread_barrier_init");
	}
	if (vm.save_after)
		clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += vm.save_after;

	for (i = 0; i < vm.nr_cpus; i++) {
		err = pthread_create(&threads[i], NULL, vcpu_thread,
				     &vm.cpus[i]);
		if (err) {
			errno = err;
			die_perror("vCPU %u: pthread_create", i);
		}
	}
	/* vCPU threads only end the process: this one serves the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (vm.save)
		sigaddset(&set, SIGTERM);
	for (;;) {
		if (vm.save_after) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left.tv_sec = deadline.tv_sec - now.tv_sec;
			left.tv_nsec = deadline.tv_nsec - now.tv_nsec;
			if (left.tv_nsec < 0) {
				left.tv_nsec += 1000000000L;
				left.tv_sec--;
			}
			if (left.tv_sec < 0)
				stop_and_save();
			sig = sigtimedwait(&set, NULL, &left);
			if (sig < 0)
				continue;	/* the deadline, or EINTR: look again */
		} else if (sigwait(&set, &sig)) {
			continue;
		}
		if (sig == SIGTERM)
			stop_and_save();
		for (i = 0; i < vm.nr_cpus; i++) {
			dump_pending[i] = 1;
			pthread_kill(threads[i], SIG_KICK);
		}
	}
}
