// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_disabled - the semantics of a disabled rVIC instance.
 *
 * While an instance is disabled: SIGNAL to it fails with DISABLED (index
 * 0), ACKNOWLEDGE on it fails with DISABLED, injections into it (rVID
 * inputs through KVM_IRQ_LINE and irqfd) are dropped, and its line is low;
 * masking, unmasking, clearing and reading pending state still work.
 * ENABLE makes every INTID that is pending and unmasked at that moment
 * deliverable again (defect #2 of the 2020 prototype).
 *
 * vCPU 0 runs the cases; vCPU 1 never runs, so its instance stays in the
 * reset state (disabled) and serves as a disabled remote target.
 */
#include <sys/eventfd.h>

#include "rvic_util.h"

#define OTHER		1ULL
#define DIS		RVIC_ST(RVIC_DISABLED, 0)

#define HOST_FIRE_LINE	1
#define HOST_FIRE_IRQFD	2

#define NR_IRQFD	8

/* What the IRQ handler took, in order */
static volatile int irq_log[64];
static volatile int nr_irqs, nr_spurious;
static uint64_t self;

static void irq_handler(struct ex_regs *regs)
{
	bool first = true;
	int64_t intid;

	while ((intid = rvic_ack()) >= 0) {
		GUEST_ASSERT(nr_irqs < (int)ARRAY_SIZE(irq_log));
		irq_log[nr_irqs++] = intid;
		rvic_clear_masked(self, intid);
		first = false;
	}
	if (first)
		nr_spurious++;
}

static int nr_cases;

#define CASE_OK(name) do {						\
	nr_cases++;							\
	GUEST_PRINTF("ok %2d - %s\n", nr_cases, name);			\
} while (0)

static void expect_irqs(int from, const int *ids, int n)
{
	__GUEST_ASSERT(nr_irqs == from + n, "%d IRQs taken, expected %d",
		       nr_irqs - from, n);
	for (int i = 0; i < n; i++)
		__GUEST_ASSERT(irq_log[from + i] == ids[i],
			       "IRQ %d was INTID %d, expected %d", i,
			       irq_log[from + i], ids[i]);
}

static void guest_code(void)
{
	int start, set;

	self = rvic_self();

	/* Reset state: disabled */
	rvic_expect(RVIC_SIGNAL, self, 40, 0, DIS);
	rvic_expect(RVIC_ACKNOWLEDGE, 0, 0, 0, DIS);
	GUEST_ASSERT(!rvic_is_pending(self, 40));
	CASE_OK("reset: SIGNAL to self and ACKNOWLEDGE fail with DISABLED");

	rvic_expect(RVIC_SIGNAL, OTHER, 40, 0, DIS);
	rvic_expect(RVIC_SIGNAL, OTHER, RVIC_TEST_TOTAL, 0,
		    RVIC_ST(RVIC_ERROR_PARAMETER, 1));
	GUEST_ASSERT(!rvic_is_pending(OTHER, 40));
	CASE_OK("SIGNAL to a disabled remote: DISABLED idx 0 (after the INTID check)");

	rvic_clear_masked(self, 40);
	rvic_set_masked(self, 40);
	rvic_clear_pending(self, 40);
	GUEST_ASSERT(!rvic_is_pending(self, 40));
	rvic_clear_masked(OTHER, 50);
	rvic_set_masked(OTHER, 50);
	rvic_clear_pending(OTHER, 50);
	GUEST_ASSERT(!rvic_is_pending(OTHER, 50));
	rvic_disable();
	CASE_OK("mask, unmask, clear-pending, is-pending, DISABLE work while disabled");

	/* Defect #2: pending while masked, unmasked while disabled */
	rvic_enable();
	rvic_set_masked(self, 40);
	rvic_signal(self, 40);
	rvic_disable();
	rvic_clear_masked(self, 40);
	GUEST_ASSERT(rvic_is_pending(self, 40));
	rvic_expect(RVIC_ACKNOWLEDGE, 0, 0, 0, DIS);
	rvic_enable();
	rvic_expect_ack(40);
	rvic_expect_ack(-1);
	CASE_OK("ENABLE requeues an INTID unmasked while disabled (ACK)");

	/* The same, delivered through the IRQ exception */
	start = nr_irqs;
	rvic_set_masked(self, 41);
	rvic_signal(self, 41);
	rvic_disable();
	rvic_clear_masked(self, 41);
	local_irq_enable();
	rvic_guest_udelay(2000);
	GUEST_ASSERT_EQ(nr_irqs, start);
	rvic_enable();
	rvic_guest_udelay(100);
	local_irq_disable();
	expect_irqs(start, (int[]){ 41 }, 1);
	CASE_OK("ENABLE requeues an INTID unmasked while disabled (IRQ)");

	/* DISABLE drops a line that was high */
	start = nr_irqs;
	rvic_clear_masked(self, 42);
	rvic_signal(self, 42);		/* deliverable, PSTATE.I set */
	rvic_disable();
	local_irq_enable();
	rvic_guest_udelay(2000);
	GUEST_ASSERT_EQ(nr_irqs, start);
	GUEST_ASSERT(rvic_is_pending(self, 42));
	rvic_enable();
	rvic_guest_udelay(100);
	local_irq_disable();
	expect_irqs(start, (int[]){ 42 }, 1);
	CASE_OK("DISABLE lowers the line; ENABLE raises it again");

	/* CLEAR_PENDING and SET_MASKED done while disabled stick */
	rvic_clear_masked(self, 43);
	rvic_clear_masked(self, 44);
	rvic_signal(self, 43);
	rvic_signal(self, 44);
	rvic_disable();
	rvic_clear_pending(self, 43);
	rvic_set_masked(self, 44);
	rvic_enable();
	rvic_expect_ack(-1);
	GUEST_ASSERT(!rvic_is_pending(self, 43));
	GUEST_ASSERT(rvic_is_pending(self, 44));
	rvic_clear_masked(self, 44);
	rvic_expect_ack(44);
	rvic_expect_ack(-1);
	CASE_OK("CLEAR_PENDING and SET_MASKED while disabled hold after ENABLE");

	/* Everything pending and unmasked comes back, nothing else */
	for (int i = 45; i <= 47; i++) {
		rvic_set_masked(self, i);
		rvic_signal(self, i);
	}
	rvic_set_masked(self, 48);
	rvic_signal(self, 48);
	rvic_disable();
	rvic_clear_masked(self, 47);
	rvic_clear_masked(self, 45);
	rvic_clear_masked(self, 46);
	rvic_enable();
	set = 0;
	for (int i = 0; i < 3; i++) {
		int64_t id = rvic_ack();

		__GUEST_ASSERT(id >= 45 && id <= 47 && !(set & (1 << (id - 45))),
			       "ACK %d after ENABLE took %ld", i, id);
		set |= 1 << (id - 45);
	}
	rvic_expect_ack(-1);
	GUEST_ASSERT(rvic_is_pending(self, 48));
	rvic_clear_pending(self, 48);
	CASE_OK("ENABLE requeues all pending+unmasked INTIDs, not the masked one");

	/* Masks survive a DISABLE/ENABLE cycle */
	rvic_clear_masked(self, 49);
	rvic_disable();
	rvic_disable();
	rvic_enable();
	rvic_signal(self, 49);
	rvic_expect_ack(49);
	CASE_OK("unmasked state survives DISABLE/ENABLE");

	/* Injections into a disabled instance are dropped */
	rvid_map(3, self, 60);
	rvid_map(4, OTHER, 61);
	rvic_clear_masked(self, 60);
	rvic_clear_masked(OTHER, 61);
	rvic_disable();
	GUEST_SYNC2(HOST_FIRE_LINE, 3);
	GUEST_SYNC2(HOST_FIRE_IRQFD, 3);
	GUEST_SYNC2(HOST_FIRE_LINE, 4);
	GUEST_SYNC2(HOST_FIRE_IRQFD, 4);
	GUEST_ASSERT(!rvic_is_pending(self, 60));
	GUEST_ASSERT(!rvic_is_pending(OTHER, 61));
	rvic_enable();
	rvic_expect_ack(-1);
	CASE_OK("KVM_IRQ_LINE and irqfd into a disabled instance are dropped");

	/* ... and delivered once enabled */
	GUEST_SYNC2(HOST_FIRE_LINE, 3);
	rvic_expect_ack(60);
	rvic_clear_masked(self, 60);
	GUEST_SYNC2(HOST_FIRE_IRQFD, 3);
	rvic_expect_ack(60);
	rvic_expect_ack(-1);
	CASE_OK("the same inputs are delivered once the instance is enabled");

	GUEST_ASSERT_EQ(nr_spurious, 0);
	GUEST_PRINTF("%d cases passed, %d IRQs taken, 0 spurious\n", nr_cases, nr_irqs);
	GUEST_DONE();
}

static int irqfds[NR_IRQFD];

static void host_step(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint64_t input = uc->args[1], one = 1;

	switch (uc->args[0]) {
	case HOST_FIRE_LINE:
		rvic_fire_line(vcpu->vm, input);
		break;
	case HOST_FIRE_IRQFD:
		TEST_ASSERT(input < NR_IRQFD, "input %lu", input);
		TEST_ASSERT(write(irqfds[input], &one, sizeof(one)) == sizeof(one),
			    "eventfd write");
		break;
	default:
		TEST_FAIL("unknown host step %lu", uc->args[0]);
	}
}

int main(void)
{
	struct kvm_vcpu *vcpus[2];
	struct kvm_vm *vm;

	rvic_require();

	vm = vm_create_with_vcpus(2, guest_code, vcpus);
	TEST_ASSERT(rvic_vcpu_target(vcpus[1]) == OTHER, "vCPU 1 MPIDR");
	vm_init_descriptor_tables(vm);
	vcpu_init_descriptor_tables(vcpus[0]);
	vm_install_exception_handler(vm, VECTOR_IRQ_CURRENT, irq_handler);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);

	rvic_irqfds(vm, irqfds, NR_IRQFD);

	rvic_run_vcpu(vcpus[0], host_step);

	for (int i = 0; i < NR_IRQFD; i++)
		close(irqfds[i]);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_disabled: all checks passed\n");
	return 0;
}
