// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_filter - the rVIC's calls cannot be taken over by the SMCCC filter.
 *
 * In a VM with an rVIC, a VMM that could forward the guest's ACKNOWLEDGE
 * to itself (KVM_ARM_VM_SMCCC_FILTER, FWD_TO_USER) could answer it with
 * any INTID and make up a timer interrupt or an IPI. KVM keeps the rVIC
 * and rVID ranges as it keeps the Arm architecture range
 * (Documentation/virt/kvm/devices/arm-rvic.rst):
 *
 * - device first, then filter: any range that holds an rVIC or rVID
 *   function ID, whole or in part, whatever its action: -EEXIST; ranges
 *   next to them are accepted;
 * - filter first, then device: creating the rVIC over such a range:
 *   -EEXIST; over a filter that does not touch them: fine;
 * - either way the guest's ACKNOWLEDGE and SIGNAL are answered by KVM,
 *   never by an exit to userspace;
 * - without an rVIC the ranges are ordinary: the filter forwards the
 *   call, so this test would see a forwarded call if KVM let one through.
 */
#include "rvic_util.h"

static int set_filter(struct kvm_vm *vm, uint32_t base, uint32_t nr, uint8_t action)
{
	struct kvm_smccc_filter filter = {
		.base = base,
		.nr_functions = nr,
		.action = action,
	};

	return __kvm_device_attr_set(vm->fd, KVM_ARM_VM_SMCCC_CTRL,
				     KVM_ARM_VM_SMCCC_FILTER, &filter);
}

static int nr_checks;

static void check(int ret, int err, const char *what)
{
	int got = ret < 0 ? errno : 0;

	TEST_ASSERT(err ? ret == -1 && got == err : ret == 0,
		    "%s: returned %d, errno %d (%s), expected %s", what, ret, got,
		    strerror(got), err ? strerror(err) : "success");
	nr_checks++;
}

/* Uses its rVIC: every call must come back from KVM, never from the VMM */
static void guest_code(void)
{
	uint64_t self = rvic_self();

	rvic_enable();
	rvic_expect_ack(-1);
	rvic_clear_masked(self, 5);
	rvic_signal(self, 5);
	rvic_expect_ack(5);
	rvic_ok(RVID_MAP, 0, self, RVIC_TEST_TRUSTED);
	GUEST_DONE();
}

/* Without an rVIC: the filter forwards ACKNOWLEDGE to us */
static void guest_no_rvic(void)
{
	rvic_call(RVIC_ACKNOWLEDGE, 0, 0, 0);
	GUEST_DONE();
}

static const struct {
	uint32_t base, nr;
	const char *what;
} overlapping[] = {
	{ RVIC_ACKNOWLEDGE, 1, "ACKNOWLEDGE alone" },
	{ RVIC_FN(0), RVIC_NR_FNS, "the rVIC range" },
	{ RVIC_FN(RVIC_NR_FNS - 1), 1, "the last rVIC call" },
	{ RVIC_FN(0) - 1, 2, "a range ending at the first rVIC call" },
	{ RVID_FN(0), RVID_NR_FNS, "the rVID range" },
	{ RVID_FN(RVID_NR_FNS - 1), 10, "a range starting at the last rVID call" },
	{ 0xC5000000U, 0x1000, "the whole standard hypervisor block" },
};

static const struct {
	uint32_t base, nr;
	const char *what;
} next_to[] = {
	{ RVIC_FN(RVIC_NR_FNS), 1, "right after the rVIC range" },
	{ RVID_FN(RVID_NR_FNS), 0xfd, "between the rVID and rVIC ranges" },
	{ 0xC5000000U, 0x100, "right before the rVID range" },
};

static void run_rvic_guest(struct kvm_vm *vm, struct kvm_vcpu *vcpu)
{
	/* A forwarded call is KVM_EXIT_HYPERCALL: rvic_run_vcpu() fails on it */
	rvic_run_vcpu(vcpu, NULL);
	nr_checks++;
}

static void test_device_then_filter(uint8_t action, const char *name)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	int fd = rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	char what[128];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(overlapping); i++) {
		snprintf(what, sizeof(what), "%s filter over %s, after the rVIC",
			 name, overlapping[i].what);
		check(set_filter(vm, overlapping[i].base, overlapping[i].nr, action),
		      EEXIST, what);
	}
	for (i = 0; i < ARRAY_SIZE(next_to); i++) {
		snprintf(what, sizeof(what), "%s filter %s, after the rVIC",
			 name, next_to[i].what);
		check(set_filter(vm, next_to[i].base, next_to[i].nr, action), 0, what);
	}
	run_rvic_guest(vm, vcpu);
	close(fd);
	kvm_vm_free(vm);
}

static void test_filter_then_device(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	unsigned int i;
	int fd;

	/* the rVIC over a filter that holds one of its calls */
	for (i = 0; i < ARRAY_SIZE(overlapping); i++) {
		vm = vm_create_with_one_vcpu(&vcpu, guest_code);
		check(set_filter(vm, overlapping[i].base, overlapping[i].nr,
				 KVM_SMCCC_FILTER_FWD_TO_USER), 0,
		      "filter before the rVIC");
		check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EEXIST,
		      overlapping[i].what);
		kvm_vm_free(vm);
	}

	/* A filter elsewhere does not stand in the way */
	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	for (i = 0; i < ARRAY_SIZE(next_to); i++)
		check(set_filter(vm, next_to[i].base, next_to[i].nr,
				 KVM_SMCCC_FILTER_FWD_TO_USER), 0, next_to[i].what);
	fd = rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	run_rvic_guest(vm, vcpu);
	close(fd);
	kvm_vm_free(vm);
}

static void test_no_rvic(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm = vm_create_with_one_vcpu(&vcpu, guest_no_rvic);
	struct ucall uc;

	check(set_filter(vm, RVIC_ACKNOWLEDGE, 1, KVM_SMCCC_FILTER_FWD_TO_USER), 0,
	      "filter over ACKNOWLEDGE without an rVIC");
	vcpu_run(vcpu);
	TEST_ASSERT(vcpu->run->exit_reason == KVM_EXIT_HYPERCALL &&
		    vcpu->run->hypercall.nr == RVIC_ACKNOWLEDGE,
		    "without an rVIC the filter must forward ACKNOWLEDGE: exit %s",
		    exit_reason_str(vcpu->run->exit_reason));
	nr_checks++;
	vcpu_run(vcpu);
	TEST_ASSERT(get_ucall(vcpu, &uc) == UCALL_DONE, "guest did not finish");
	kvm_vm_free(vm);
}

int main(void)
{
	rvic_require();

	test_no_rvic();
	test_device_then_filter(KVM_SMCCC_FILTER_FWD_TO_USER, "FWD_TO_USER");
	test_device_then_filter(KVM_SMCCC_FILTER_DENY, "DENY");
	test_device_then_filter(KVM_SMCCC_FILTER_HANDLE, "HANDLE");
	test_filter_then_device();

	ksft_print_msg("rvic_filter: %d checks passed\n", nr_checks);
	return 0;
}
