// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_msi - MSIs decoded by KVM (rvic.rst, "MSIs"; arm-rvic.rst,
 * KVM_DEV_ARM_RVIC_GRP_MSI): a message whose address is the doorbell and
 * whose data is an input of the MSI range fires that rVID input; any
 * other message is refused with -EINVAL and fires nothing.
 *
 * The guest maps every rVID input i to untrusted INTID 32 + i on its one
 * vCPU, so that whichever input a message reaches shows up as a pending
 * INTID. For each row of the table the host sends one message, with
 * KVM_SIGNAL_MSI or through an MSI irqfd route, checks the ioctl's result,
 * and the guest checks that exactly the expected INTID (or none) became
 * pending. A valid message the guest blocks (it unmapped the input, or
 * disabled its instance) is dropped, and KVM_SIGNAL_MSI returns 0 for it,
 * as api.rst says for a blocked MSI; 1 only when it was delivered.
 *
 * The device attributes of the group are checked first: a count of 0,
 * unknown attributes, setting after finalising, a range outside the
 * inputs at finalising, and MSIs without a range.
 */
#include <sys/eventfd.h>

#include "rvic_util.h"

#ifndef KVM_DEV_ARM_RVIC_GRP_MSI
#define KVM_DEV_ARM_RVIC_GRP_MSI	2
#define KVM_DEV_ARM_RVIC_MSI_INPUTS	0
#define KVM_DEV_ARM_RVIC_MSI_DOORBELL	1
#endif

#define U		RVIC_TEST_UNTRUSTED		/* rVID inputs */
#define MSI_BASE	32
#define MSI_COUNT	16
#define DOORBELL	0x08ff0000ULL
#define INTID(input)	(RVIC_TEST_TRUSTED + (input))
#define NONE		(-1)
#define END		(-2)

enum { VIA_IOCTL, VIA_IRQFD };
enum { OPEN, UNMAPPED, DISABLED };	/* what the guest does to block it */

static const struct msi_case {
	const char *what;
	int via;
	uint64_t addr;
	uint32_t data;
	int input;		/* the input that must fire, or NONE */
	int block;
} cases[] = {
	{ "first MSI input",		VIA_IOCTL, DOORBELL, MSI_BASE,		MSI_BASE },
	{ "last MSI input",		VIA_IOCTL, DOORBELL, MSI_BASE + MSI_COUNT - 1,
	  MSI_BASE + MSI_COUNT - 1 },
	{ "wrong doorbell",		VIA_IOCTL, DOORBELL + 4, MSI_BASE,	NONE },
	{ "doorbell in the high half",	VIA_IOCTL, DOORBELL << 32, MSI_BASE,	NONE },
	{ "doorbell + 4 GiB",		VIA_IOCTL, DOORBELL + (1ULL << 32), MSI_BASE, NONE },
	{ "address 0",			VIA_IOCTL, 0, MSI_BASE,			NONE },
	{ "wired input 0",		VIA_IOCTL, DOORBELL, 0,			NONE },
	{ "input below the range",	VIA_IOCTL, DOORBELL, MSI_BASE - 1,	NONE },
	{ "input past the range",	VIA_IOCTL, DOORBELL, MSI_BASE + MSI_COUNT, NONE },
	{ "last rVID input",		VIA_IOCTL, DOORBELL, U - 1,		NONE },
	{ "past the rVID inputs",	VIA_IOCTL, DOORBELL, U,			NONE },
	{ "data 0xffffffff",		VIA_IOCTL, DOORBELL, ~0U,		NONE },
	{ "irqfd route, MSI input",	VIA_IRQFD, DOORBELL, MSI_BASE + 5,	MSI_BASE + 5 },
	{ "irqfd route, wrong doorbell", VIA_IRQFD, DOORBELL + 8, MSI_BASE + 6, NONE },
	{ "irqfd route, wired input",	VIA_IRQFD, DOORBELL, 1,			NONE },
	{ "again after refusals",	VIA_IOCTL, DOORBELL, MSI_BASE + 7,	MSI_BASE + 7 },
	{ "input unmapped by the guest", VIA_IOCTL, DOORBELL, MSI_BASE + 8,	NONE, UNMAPPED },
	{ "target instance disabled",	VIA_IOCTL, DOORBELL, MSI_BASE + 9,	NONE, DISABLED },
	{ "input mapped again",		VIA_IOCTL, DOORBELL, MSI_BASE + 8,	MSI_BASE + 8 },
};

/* Set by the host before it resumes the guest */
static int expect_input;

static void guest_code(void)
{
	uint64_t self = rvic_self();

	rvic_enable();
	for (int i = 0; i < U; i++)
		rvid_map(i, self, INTID(i));

	for (int c = 0; ; c++) {
		int expect;
		uint64_t t0;

		int block = c < (int)ARRAY_SIZE(cases) ? cases[c].block : OPEN;

		if (block == UNMAPPED)
			rvid_unmap(cases[c].data);
		if (block == DISABLED)
			rvic_disable();
		GUEST_SYNC1(c);
		if (block == UNMAPPED)
			rvid_map(cases[c].data, self, INTID(cases[c].data));
		if (block == DISABLED)
			rvic_enable();
		expect = READ_ONCE(expect_input);
		if (expect == END)
			break;
		/* An irqfd may inject from a worker: give it time. */
		t0 = rvic_guest_now_us();
		while (expect >= 0 && !rvic_is_pending(self, INTID(expect)) &&
		       rvic_guest_now_us() - t0 < 2000000)
			;
		for (int i = 0; i < U; i++) {
			bool p = rvic_is_pending(self, INTID(i));

			__GUEST_ASSERT(p == (i == expect),
				       "case %d: input %d %s pending (expected input %d)",
				       c, i, p ? "is" : "is not", expect);
			if (p)
				rvic_clear_pending(self, INTID(i));
		}
	}
	GUEST_DONE();
}

static int msi_attr(int fd, uint64_t attr, uint64_t val)
{
	return __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI, attr, &val);
}

#define MSI_RANGE(base, count)	((uint64_t)(base) | (uint64_t)(count) << 32)

static void check_errno(int ret, int err, const char *what)
{
	TEST_ASSERT(err ? ret == -1 && errno == err : ret == 0,
		    "%s: returned %d (%s), expected %s", what, ret,
		    ret ? strerror(errno) : "success", err ? strerror(err) : "success");
}

static void test_attributes(void)
{
	uint64_t counts = RVIC_COUNTS(RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	struct kvm_msi msi = { .data = MSI_BASE };
	struct kvm_vm *vm;
	int fd, ret;

	/* no range: every MSI refused */
	vm = vm_create_barebones();
	fd = rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	ret = __vm_ioctl(vm, KVM_SIGNAL_MSI, &msi);
	check_errno(ret, EINVAL, "KVM_SIGNAL_MSI without an MSI range");
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_INPUTS, MSI_RANGE(32, 8)), EBUSY,
		    "MSI inputs after finalising");
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_DOORBELL, DOORBELL), EBUSY,
		    "MSI doorbell after finalising");
	close(fd);
	kvm_vm_free(vm);

	vm = vm_create_barebones();
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &counts);
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_INPUTS, MSI_RANGE(32, 0)), EINVAL,
		    "MSI inputs, count 0");
	check_errno(msi_attr(fd, 2, 0), ENXIO, "MSI attribute 2");
	check_errno(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI,
					  KVM_DEV_ARM_RVIC_MSI_INPUTS, NULL), EFAULT,
		    "MSI inputs, NULL pointer");
	/* [60, 68) does not fit 64 inputs: refused when finalising */
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_INPUTS, MSI_RANGE(60, 8)), 0,
		    "MSI inputs [60, 68)");
	check_errno(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					  KVM_DEV_ARM_RVIC_CTRL_INIT, NULL), EINVAL,
		    "finalise with MSI inputs past the rVID's");
	/* u32 wrap-around of base + count */
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_INPUTS, MSI_RANGE(32, 0xffffffe0)), 0,
		    "MSI inputs [32, 32 + 0xffffffe0)");
	check_errno(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					  KVM_DEV_ARM_RVIC_CTRL_INIT, NULL), EINVAL,
		    "finalise with a wrapping MSI range");
	check_errno(msi_attr(fd, KVM_DEV_ARM_RVIC_MSI_INPUTS, MSI_RANGE(MSI_BASE, MSI_COUNT)), 0,
		    "MSI inputs set again");
	check_errno(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
					  KVM_DEV_ARM_RVIC_CTRL_INIT, NULL), 0,
		    "finalise with a valid range");
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("MSI attributes: errnos and finalise checks: ok\n");
}

static struct kvm_vm *vm;
static int efd = -1;

static void set_msi_route(uint64_t addr, uint32_t data)
{
	struct kvm_irq_routing *r = calloc(1, sizeof(*r) + sizeof(r->entries[0]));

	TEST_ASSERT(r, "calloc");
	r->nr = 1;
	r->entries[0] = (struct kvm_irq_routing_entry){
		.gsi	= 0,
		.type	= KVM_IRQ_ROUTING_MSI,
		.u.msi	= {
			.address_lo	= (uint32_t)addr,
			.address_hi	= addr >> 32,
			.data		= data,
		},
	};
	vm_ioctl(vm, KVM_SET_GSI_ROUTING, r);
	free(r);
}

static void host_case(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	unsigned int c = uc->args[0];
	struct kvm_msi msi = { };
	const struct msi_case *mc;
	uint64_t one = 1;
	int ret;

	if (c >= ARRAY_SIZE(cases)) {
		*guest_global(vm, expect_input) = END;
		return;
	}
	mc = &cases[c];
	*guest_global(vm, expect_input) = mc->input;

	if (mc->via == VIA_IRQFD) {
		set_msi_route(mc->addr, mc->data);
		TEST_ASSERT(write(efd, &one, sizeof(one)) == sizeof(one), "eventfd write");
		ksft_print_msg("case %2u: %-28s irqfd: input %d\n", c, mc->what, mc->input);
		return;
	}
	msi.address_lo = (uint32_t)mc->addr;
	msi.address_hi = mc->addr >> 32;
	msi.data = mc->data;
	ret = __vm_ioctl(vm, KVM_SIGNAL_MSI, &msi);
	if (mc->block)
		TEST_ASSERT(ret == 0,
			    "case %u (%s): KVM_SIGNAL_MSI returned %d (%s), expected 0 (blocked)",
			    c, mc->what, ret, ret < 0 ? strerror(errno) : "-");
	else if (mc->input == NONE)
		TEST_ASSERT(ret == -1 && errno == EINVAL,
			    "case %u (%s): KVM_SIGNAL_MSI returned %d (%s), expected EINVAL",
			    c, mc->what, ret, ret < 0 ? strerror(errno) : "-");
	else
		TEST_ASSERT(ret > 0, "case %u (%s): KVM_SIGNAL_MSI returned %d (%s), expected delivery",
			    c, mc->what, ret, ret < 0 ? strerror(errno) : "-");
	ksft_print_msg("case %2u: %-28s KVM_SIGNAL_MSI: %s\n", c, mc->what,
		       ret > 0 ? "delivered" : ret ? strerror(errno) : "blocked (0)");
}

int main(void)
{
	struct kvm_irqfd irqfd = { .gsi = 0 };
	struct kvm_vcpu *vcpu;
	int fd;

	rvic_require();
	test_attributes();

	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0,
			    &(uint64_t){ RVIC_COUNTS(RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL) });
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI, KVM_DEV_ARM_RVIC_MSI_INPUTS,
			    &(uint64_t){ MSI_RANGE(MSI_BASE, MSI_COUNT) });
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI, KVM_DEV_ARM_RVIC_MSI_DOORBELL,
			    &(uint64_t){ DOORBELL });
	kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, KVM_DEV_ARM_RVIC_CTRL_INIT, NULL);

	efd = eventfd(0, 0);
	TEST_ASSERT(efd >= 0, "eventfd");
	irqfd.fd = efd;
	vm_ioctl(vm, KVM_IRQFD, &irqfd);

	rvic_run_vcpu(vcpu, host_case);

	close(efd);
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_msi: %zu messages, each delivered to its input or refused: ok\n",
		       ARRAY_SIZE(cases));
	return 0;
}
