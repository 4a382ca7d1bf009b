// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_reset - KVM_ARM_VCPU_INIT on a vCPU that has run resets its rVIC
 * instance to the state of the spec's section 5, and unmaps the rVID
 * inputs that target it.
 *
 * vCPU 0 enables its instance, unmasks and signals INTID 20, maps rVID
 * input 0 to itself (INTID 40, unmasked) and input 1 to vCPU 1 (INTID
 * 41), then stops. The host re-initialises vCPU 0 (KVM_ARM_VCPU_INIT, as
 * a VMM does on a guest reboot) and starts it again at a second entry
 * point, where:
 *
 * - ACKNOWLEDGE returns DISABLED (the instance is disabled again);
 * - INTID 20 is not pending, and after ENABLE nothing is deliverable;
 * - SIGNAL(self, 20) makes 20 pending but not deliverable (masked again);
 * - firing input 0 (KVM_IRQ_LINE) makes nothing pending (unmapped);
 * - a new MAP of input 0 works.
 *
 * Input 1, which targets vCPU 1, keeps its mapping (checked in debugfs'
 * rvic-state when debugfs is there): only the reset vCPU's inputs go.
 */
#include "rvic_util.h"

#define NR_VCPUS	2

enum { SYNC_RESET = 1, SYNC_FIRE, SYNC_FIRE_AGAIN };

static uint64_t targets[NR_VCPUS];

static void guest_before(void)
{
	uint64_t self = rvic_self();

	GUEST_ASSERT_EQ(self, targets[0]);
	rvic_enable();
	rvic_clear_masked(self, 20);
	rvic_signal(self, 20);
	rvic_clear_masked(self, 40);
	rvid_map(0, self, 40);
	rvid_map(1, targets[1], 41);
	GUEST_ASSERT(rvic_is_pending(self, 20));
	GUEST_SYNC(SYNC_RESET);
	GUEST_FAIL("vCPU 0 went on after its reset");
}

static void guest_after(void)
{
	uint64_t self = rvic_self();
	struct arm_smccc_res r;

	r = rvic_call(RVIC_ACKNOWLEDGE, 0, 0, 0);
	__GUEST_ASSERT(r.a0 == RVIC_ST(RVIC_DISABLED, 0) && !r.a1,
		       "ACKNOWLEDGE after reset: x0 0x%lx x1 0x%lx, expected DISABLED",
		       r.a0, r.a1);
	GUEST_ASSERT(!rvic_is_pending(self, 20));
	GUEST_ASSERT(!rvic_is_pending(self, 40));

	rvic_enable();
	GUEST_ASSERT_EQ(rvic_ack(), -1);

	/* Masked again: pending, not deliverable */
	rvic_signal(self, 20);
	GUEST_ASSERT(rvic_is_pending(self, 20));
	GUEST_ASSERT_EQ(rvic_ack(), -1);
	rvic_clear_pending(self, 20);

	rvic_clear_masked(self, 40);
	GUEST_SYNC(SYNC_FIRE);
	__GUEST_ASSERT(!rvic_is_pending(self, 40),
		       "input 0 still mapped after the reset: INTID 40 pending");
	GUEST_ASSERT_EQ(rvic_ack(), -1);

	rvid_map(0, self, 40);
	GUEST_SYNC(SYNC_FIRE_AGAIN);
	GUEST_ASSERT_EQ(rvic_ack(), 40);
	rvic_clear_masked(self, 40);
	GUEST_DONE();
}

static struct kvm_vm *vm;
static uint64_t stack_top;

static void on_sync(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	static char buf[16384];
	bool have_state;

	switch (uc->args[1]) {
	case SYNC_RESET:
		have_state = rvic_read_state(vm, buf, sizeof(buf)) >= 0;
		TEST_ASSERT(!have_state || strstr(buf, "input 0 -> vcpu 0 intid 40"),
			    "rvic-state before the reset lacks input 0:\n%s", buf);

		/* What a VMM does on a guest reboot, then a new entry point */
		aarch64_vcpu_setup(vcpu, NULL);
		vcpu_init_descriptor_tables(vcpu);
		vcpu_set_reg(vcpu, ARM64_CORE_REG(sp_el1), stack_top);
		vcpu_arch_set_entry_point(vcpu, guest_after);

		if (have_state) {
			rvic_read_state(vm, buf, sizeof(buf));
			TEST_ASSERT(!strstr(buf, "input 0 ->"),
				    "input 0 still mapped after the reset of its target:\n%s", buf);
			TEST_ASSERT(strstr(buf, "input 1 -> vcpu 1 intid 41"),
				    "input 1, mapped to vCPU 1, lost by the reset of vCPU 0:\n%s",
				    buf);
			/* Protected mode: the host sees the line only */
			TEST_ASSERT(strstr(buf, rvic_protected_mode() ? "vcpu 0 mpidr 0x0 line 0" :
					   "vcpu 0 mpidr 0x0 disabled"),
				    "vCPU 0 not disabled by its reset:\n%s", buf);
		} else {
			printf("no debugfs rvic-state: the rVID table is only checked by the guest\n");
		}
		break;
	case SYNC_FIRE:
	case SYNC_FIRE_AGAIN:
		rvic_fire_line(vm, 0);
		break;
	default:
		TEST_FAIL("unexpected sync %lu", uc->args[1]);
	}
}

int main(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];

	rvic_require();
	vm = rvic_vm_create(NR_VCPUS, guest_before, vcpus, targets, NULL);
	vcpu_get_reg(vcpus[0], ARM64_CORE_REG(sp_el1), &stack_top);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	sync_global_to_guest(vm, targets);

	rvic_run_vcpu(vcpus[0], on_sync);
	printf("reset: instance disabled, masked, nothing pending; input 0 unmapped, input 1 kept\n");
	kvm_vm_free(vm);
	return 0;
}
