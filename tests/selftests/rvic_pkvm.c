// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_pkvm - in protected mode, the host cannot make a trusted INTID
 * pending: the hypervisor refuses it.
 *
 * The instances belong to the hypervisor, and the host reaches one only
 * through __pkvm_rvic_op (host/arch/arm64/kvm/hyp/nvhe/rvic.c). The test
 * uses the host's test hook, <kvm debugfs dir>/rvic-hyp-op, which sends
 * a request as written, to ask for what the host itself never would:
 *
 * - RAISE of every IPI (0-15), of every other trusted INTID, of INTIDs
 *   out of range (the first one past the VM's, 1023, 2^32 - 1);
 * - LOW and HIGH of the IPIs and of every trusted INTID that is not one
 *   of the vCPU's registered sources (its timers, read from the vCPU's
 *   timer attributes);
 * - any request naming vCPU 2 or 3 of VM A, which has 2 vCPUs, while
 *   VM B has 4 (the same index in B is accepted: -EAGAIN, B's vCPU 3 has
 *   its instance disabled).
 *
 * Each must fail with EPERM, the hypervisor's refusal count must grow by
 * exactly their number, and the guest of A, its instance enabled and
 * every INTID unmasked, must take nothing. Then the controls that make
 * the test able to fail: a RAISE of an untrusted INTID reaches the guest,
 * once; a RAISE on A's vCPU 1, never run and so disabled, is dropped
 * (EAGAIN), not refused; malformed writes to the hook fail with EINVAL
 * and never reach the hypervisor. SKIPs outside protected mode, where the host
 * owns the instances and there is no hook.
 */
#include <errno.h>
#include <fcntl.h>

#include "rvic_util.h"

#define GOOD_INTID	(RVIC_TEST_TRUSTED + 8)

enum { SYNC_READY = 1, SYNC_QUIET, SYNC_GOT_IT };

/* Written by the guest's IRQ handler, read by its loop and by the host */
static uint32_t received[RVIC_TEST_TOTAL];
static uint32_t total;

static void irq_handler(struct ex_regs *regs)
{
	int64_t intid;

	while ((intid = rvic_ack()) >= 0) {
		if (intid < RVIC_TEST_TOTAL)
			WRITE_ONCE(received[intid], received[intid] + 1);
		WRITE_ONCE(total, total + 1);
		rvic_clear_masked(rvic_self(), intid);
	}
}

static void guest_code(void)
{
	uint64_t self = rvic_self();

	rvic_enable();
	for (int i = 0; i < RVIC_TEST_TOTAL; i++)
		rvic_clear_masked(self, i);
	local_irq_enable();
	GUEST_SYNC(SYNC_READY);

	/* Anything the host made pending is taken by now */
	rvic_guest_udelay(20000);
	GUEST_SYNC(SYNC_QUIET);

	for (int i = 0; i < 1000 && !READ_ONCE(received[GOOD_INTID]); i++)
		rvic_guest_udelay(1000);
	rvic_guest_udelay(5000);
	GUEST_SYNC(SYNC_GOT_IT);
	GUEST_DONE();
}

/* B's guest: enable vCPU 0's instance, so that B has run */
static void guest_b(void)
{
	rvic_enable();
	GUEST_DONE();
}

static int hook_fd(struct kvm_vm *vm)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/sys/kernel/debug/kvm/%d-%d/rvic-hyp-op",
		 getpid(), vm->fd);
	fd = open(path, O_RDWR);
	TEST_ASSERT(fd >= 0, "open %s: %s (protected mode has it; is debugfs mounted?)",
		    path, strerror(errno));
	return fd;
}

/* Send "@op @vcpu @intid"; 0 or the errno */
static int hook(struct kvm_vm *vm, const char *op, uint32_t vcpu, uint64_t intid)
{
	char buf[64];
	int fd = hook_fd(vm), n, ret;

	n = snprintf(buf, sizeof(buf), "%s %u %lu", op, vcpu, intid);
	ret = write(fd, buf, n) == n ? 0 : errno;
	close(fd);
	return ret;
}

/* Write @text as is; 0 or the errno */
static int hook_raw(struct kvm_vm *vm, const char *text)
{
	int fd = hook_fd(vm), n = strlen(text), ret;

	ret = write(fd, text, n) == n ? 0 : errno;
	close(fd);
	return ret;
}

static unsigned long refusals(struct kvm_vm *vm)
{
	char buf[64] = "";
	int fd = hook_fd(vm);
	unsigned long n;

	TEST_ASSERT(read(fd, buf, sizeof(buf) - 1) > 0, "read rvic-hyp-op: %s", strerror(errno));
	close(fd);
	TEST_ASSERT(sscanf(buf, "refused %lu", &n) == 1, "rvic-hyp-op says '%s'", buf);
	return n;
}

static struct kvm_vm *vm_a, *vm_b;
static unsigned long attempts;
static bool source[RVIC_TEST_TRUSTED];

static void expect_refused(const char *op, uint32_t vcpu, uint64_t intid)
{
	int err = hook(vm_a, op, vcpu, intid);

	TEST_ASSERT(err == EPERM, "'%s %u %lu' on VM A: %s, expected EPERM",
		    op, vcpu, intid, err ? strerror(err) : "accepted");
	attempts++;
}

/* The vCPU's timers are its registered sources: the host drives them */
static void read_sources(struct kvm_vcpu *vcpu)
{
	for (uint64_t attr = KVM_ARM_VCPU_TIMER_IRQ_VTIMER;
	     attr <= KVM_ARM_VCPU_TIMER_IRQ_PTIMER; attr++) {
		int irq = 0;

		vcpu_device_attr_get(vcpu, KVM_ARM_VCPU_TIMER_CTRL, attr, &irq);
		TEST_ASSERT(irq >= RVIC_NR_IPIS && irq < RVIC_TEST_TRUSTED,
			    "timer attribute %lu: INTID %d", attr, irq);
		source[irq] = true;
	}
}

static void attack(void)
{
	static const uint64_t out_of_range[] = { RVIC_TEST_TOTAL, 1023, 0xffffffffULL };
	unsigned long before = refusals(vm_a);
	unsigned int i;

	for (i = 0; i < RVIC_TEST_TRUSTED; i++)
		expect_refused("raise", 0, i);
	for (i = 0; i < ARRAY_SIZE(out_of_range); i++) {
		expect_refused("raise", 0, out_of_range[i]);
		expect_refused("high", 0, out_of_range[i]);
	}
	for (i = 0; i < RVIC_TEST_TRUSTED; i++) {
		if (source[i])
			continue;
		expect_refused("high", 0, i);
		expect_refused("low", 0, i);
	}
	/* Untrusted INTIDs have no level to report */
	expect_refused("high", 0, GOOD_INTID);
	for (i = 2; i < 4; i++) {
		expect_refused("raise", i, GOOD_INTID);
		expect_refused("high", i, RVIC_VTIMER_INTID);
		expect_refused("reset", i, 0);
	}
	TEST_ASSERT(refusals(vm_a) == before + attempts,
		    "refusal count %lu, expected %lu + %lu", refusals(vm_a), before, attempts);

	/* The same vCPU index in B, which has 4: there, it exists */
	TEST_ASSERT(hook(vm_b, "raise", 3, GOOD_INTID) == EAGAIN,
		    "VM B's vCPU 3 (disabled) should drop the RAISE");
	TEST_ASSERT(refusals(vm_b) == 0, "VM B counted %lu refusals", refusals(vm_b));

	/*
	 * Garbage to the hook itself: EINVAL, and nothing reaches the
	 * hypervisor (the count does not move). REFUSED is no request.
	 */
	{
		static const char * const bad[] = {
			"raise", "raise 0", "bogus 0 40", "refused 0 0", "raise x 40",
			"raise 0 40 junk that makes the line longer than the hook's buffer",
		};

		for (i = 0; i < ARRAY_SIZE(bad); i++)
			TEST_ASSERT(hook_raw(vm_a, bad[i]) == EINVAL,
				    "rvic-hyp-op took '%s'", bad[i]);
		TEST_ASSERT(refusals(vm_a) == before + attempts,
			    "malformed writes reached the hypervisor");
	}

	/* A's vCPU 1 never ran: its instance is disabled, the RAISE dropped */
	TEST_ASSERT(hook(vm_a, "raise", 1, GOOD_INTID) == EAGAIN,
		    "VM A's vCPU 1 (disabled) should drop the RAISE");
	TEST_ASSERT(refusals(vm_a) == before + attempts, "EAGAIN counted as a refusal");
	printf("%lu requests refused by the hypervisor (count %lu -> %lu), none reached the guest\n",
	       attempts, before, refusals(vm_a));
}

static void on_sync(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint32_t *got = (uint32_t *)guest_global(vm_a, received);
	uint32_t n = *guest_global(vm_a, total);

	switch (uc->args[1]) {
	case SYNC_READY:
		attack();
		break;
	case SYNC_QUIET:
		for (int i = 0; i < RVIC_TEST_TOTAL; i++)
			TEST_ASSERT(!got[i], "the guest took INTID %d (%u times)", i, got[i]);
		TEST_ASSERT(!n, "the guest took %u interrupts", n);
		/* The control: the host may raise an untrusted INTID */
		TEST_ASSERT(!hook(vm_a, "raise", 0, GOOD_INTID), "RAISE of INTID %d refused",
			    GOOD_INTID);
		break;
	case SYNC_GOT_IT:
		TEST_ASSERT(got[GOOD_INTID] == 1 && n == 1,
			    "after the RAISE of %d the guest took it %u times, %u in all",
			    GOOD_INTID, got[GOOD_INTID], n);
		printf("the RAISE of untrusted INTID %d reached the guest once\n", GOOD_INTID);
		break;
	default:
		TEST_FAIL("unknown sync %lu", uc->args[1]);
	}
}

int main(void)
{
	struct kvm_vcpu *a[2], *b[4];
	uint64_t targets[4];
	char state[4096];

	rvic_require();
	if (!rvic_protected_mode()) {
		ksft_print_msg("skip: not in protected mode, the host owns the instances (no hook)\n");
		return KSFT_SKIP;
	}

	vm_b = rvic_vm_create(4, guest_b, b, targets, irq_handler);
	rvic_setup(vm_b, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	rvic_run_vcpu(b[0], NULL);

	vm_a = rvic_vm_create(2, guest_code, a, targets, irq_handler);
	rvic_setup(vm_a, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	read_sources(a[0]);
	rvic_run_vcpu(a[0], on_sync);

	TEST_ASSERT(rvic_read_state(vm_a, state, sizeof(state)) > 0 &&
		    strstr(state, "instances at EL2"),
		    "rvic-state does not say the instances are at EL2:\n%s", state);
	kvm_vm_free(vm_a);
	kvm_vm_free(vm_b);
	return 0;
}
