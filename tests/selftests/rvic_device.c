// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_device - the KVM device API of the rVIC (KVM_DEV_TYPE_ARM_RVIC),
 * Documentation/virt/kvm/devices/arm-rvic.rst: the errno of each misuse,
 * and the stages in every order they are allowed in.
 *
 * - INTID counts: the rules (multiples of 32, trusted >= 32, untrusted
 *   >= 32 (defect #9), total <= 2048), -EINVAL otherwise; get returns
 *   what was last set; unknown attributes -ENXIO, bad pointer -EFAULT;
 * - finalising: before the counts -ENXIO, twice -EBUSY, counts after
 *   it -EBUSY; KVM_SET_GSI_ROUTING before it -EINVAL (finalising never
 *   replaces routes); all or nothing: with the n-th slab allocation of
 *   the INIT call made to fail (fail-nth), for every n that hits one, the
 *   call fails with ENOMEM, a retry succeeds and GSI 0 is routed to input
 *   0 (an irqfd reaches a guest);
 * - vCPUs with EL2: the device -EINVAL, or the first KVM_RUN -EINVAL
 *   (where the host has EL2 vCPUs at all);
 * - KVM_IRQ_LINE: before finalising -ENXIO, input >= nr_untrusted and
 *   the PPI type -EINVAL, the CPU type -ENXIO; KVM_SIGNAL_MSI to the
 *   doorbell with an input of the MSI range as data is accepted (0: not
 *   mapped, hence blocked), to another address refused (rvic.rst, "MSIs"; more in rvic_msi);
 * - one in-kernel irqchip: rVIC next to a vgic, vgic next to an rVIC
 *   (KVM_CREATE_DEVICE and KVM_CREATE_IRQCHIP), second rVIC: -EEXIST;
 *   an rVIC after a vCPU ran: -EBUSY;
 * - KVM_RUN before finalising: -ENXIO, and fine after it; KVM_CREATE_VCPU
 *   once a vCPU ran: -EBUSY;
 * - KVM_IRQFD with KVM_IRQFD_FLAG_RESAMPLE: -EINVAL (rVID inputs are
 *   edges), without it accepted;
 * - vCPUs created before the device, between the stages and after
 *   finalising (defect #8) all run a small guest that uses the rVIC.
 *
 * A check that fails because of a known host bug is reported as such
 * (and does not fail the test) while the bug is open: see host_bug.
 */
#include "rvic_util.h"

#ifndef KVM_DEV_ARM_RVIC_GRP_MSI
#define KVM_DEV_ARM_RVIC_GRP_MSI	2
#define KVM_DEV_ARM_RVIC_MSI_INPUTS	0
#define KVM_DEV_ARM_RVIC_MSI_DOORBELL	1
#endif
#define MSI_DOORBELL	0x08ff0000ULL

static int nr_checks, nr_known_bugs;

/*
 * @ret is an ioctl's return value: 0 expected when @err is 0, else -1
 * with errno @err. A check marked with @host_bug reports the known bug
 * instead of failing.
 */
static void __check(int ret, int err, const char *what, const char *host_bug)
{
	int got = ret < 0 ? errno : 0;
	bool ok = err ? ret == -1 && got == err : ret == 0;

	if (!ok && host_bug) {
		ksft_print_msg("KNOWN HOST BUG: %s: got %d (%s), expected %s (%s)\n",
			       what, ret, got ? strerror(got) : "success",
			       err ? strerror(err) : "success", host_bug);
		nr_known_bugs++;
		return;
	}
	if (ok && host_bug)
		ksft_print_msg("note: %s now passes: host bug '%s' fixed? Drop the marker.\n",
			       what, host_bug);
	TEST_ASSERT(ok, "%s: returned %d, errno %d (%s), expected %s", what, ret,
		    got, strerror(got), err ? strerror(err) : "success");
	nr_checks++;
}

#define check(ret, err, what)	__check(ret, err, what, NULL)

static int set_counts(int fd, uint32_t trusted, uint32_t total)
{
	uint64_t v = RVIC_COUNTS(trusted, total);

	return __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &v);
}

static int rvic_init(int fd)
{
	return __kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
				     KVM_DEV_ARM_RVIC_CTRL_INIT, NULL);
}

static uint64_t get_counts(int fd)
{
	uint64_t v = ~0ULL;

	kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, &v);
	return v;
}

static int irq_line(struct kvm_vm *vm, uint32_t type, uint32_t vcpu, uint32_t num,
		    int level)
{
	return _kvm_irq_line(vm, (type << KVM_ARM_IRQ_TYPE_SHIFT) |
				 (vcpu << KVM_ARM_IRQ_VCPU_SHIFT) | num, level);
}

static const struct {
	uint32_t trusted, total;
	int err;
	const char *host_bug;
} count_cases[] = {
	{ 32, 64, 0 },
	{ 32, 96, 0 },
	{ 64, 96, 0 },
	{ 32, 2048, 0 },
	{ 2016, 2048, 0 },
	{ 0, 0, EINVAL },
	{ 0, 64, EINVAL },		/* trusted < 32 */
	{ 16, 64, EINVAL },
	{ 33, 96, EINVAL },		/* not multiples of 32 */
	{ 48, 96, EINVAL },
	{ 32, 100, EINVAL },
	{ 32, 80, EINVAL },
	{ 32, 32, EINVAL },		/* untrusted < 32: defect #9 */
	{ 64, 64, EINVAL },
	{ 64, 32, EINVAL },		/* total < trusted */
	{ 2048, 2048, EINVAL },
	{ 32, 2080, EINVAL },		/* total > 2048 */
	{ 32, 4096, EINVAL },
	{ 0x80000000U, 0x80000020U, EINVAL },
	/* nr_trusted + 32 wraps to 0 in 32 bits */
	{ 0xffffffe0U, 64, EINVAL },
	{ 0xffffffe0U, 0xffffffe0U, EINVAL },
};

static void test_counts(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	uint64_t last = 0, v;
	char what[96];
	int ret;

	for (int i = 0; i < (int)ARRAY_SIZE(count_cases); i++) {
		uint32_t t = count_cases[i].trusted, n = count_cases[i].total;

		snprintf(what, sizeof(what), "set counts trusted %u total %u", t, n);
		ret = set_counts(fd, t, n);
		__check(ret, count_cases[i].err, what, count_cases[i].host_bug);
		if (!ret)
			last = RVIC_COUNTS(t, n);
		TEST_ASSERT(get_counts(fd) == last, "get counts 0x%lx after %s, expected 0x%lx",
			    get_counts(fd), what, last);
		nr_checks++;
	}
	TEST_ASSERT(!set_counts(fd, 32, 96), "set counts 32/96");
	TEST_ASSERT(get_counts(fd) == RVIC_COUNTS(32, 96), "get counts");

	v = RVIC_COUNTS(32, 96);
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 1, &v), ENXIO,
	      "set NR_IRQS attr 1");
	check(__kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 1, &v), ENXIO,
	      "get NR_IRQS attr 1");
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, NULL), EFAULT,
	      "set NR_IRQS from NULL");
	check(__kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0, NULL), EFAULT,
	      "get NR_IRQS to NULL");
	check(__kvm_device_attr_set(fd, 7, 0, &v), ENXIO, "set unknown group 7");
	check(__kvm_device_attr_get(fd, 7, 0, &v), ENXIO, "get unknown group 7");
	check(__kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
				    KVM_DEV_ARM_RVIC_CTRL_INIT, &v), ENXIO, "get CTRL");
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, 2, NULL), ENXIO,
	      "set CTRL attr 2");
	check(__kvm_device_attr_get(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, 2, &v), ENXIO,
	      "get CTRL attr 2");
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, KVM_DEV_ARM_RVIC_CTRL_EXT,
				    NULL), EFAULT, "set CTRL/EXT from NULL");
	check(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 0), 0,
	      "has NR_IRQS/0");
	check(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_NR_IRQS, 1), ENXIO,
	      "has NR_IRQS/1");
	check(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
				    KVM_DEV_ARM_RVIC_CTRL_INIT), 0, "has CTRL/INIT");
	check(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_CTRL,
				    KVM_DEV_ARM_RVIC_CTRL_EXT), 0, "has CTRL/EXT");
	check(__kvm_has_device_attr(fd, KVM_DEV_ARM_RVIC_GRP_CTRL, 2), ENXIO,
	      "has CTRL/2");
	check(__kvm_has_device_attr(fd, 7, 0), ENXIO, "has group 7");
	TEST_ASSERT(get_counts(fd) == RVIC_COUNTS(32, 96), "counts changed by bad calls");

	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("counts and attributes: %zu count rules, attribute errnos: ok\n",
		       ARRAY_SIZE(count_cases));
}

static void test_stages(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	const uint32_t U = 64;
	struct kvm_msi msi = { .data = 0 };
	uint64_t v;
	int ret;

	check(rvic_init(fd), ENXIO, "INIT before the counts");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0, 1), ENXIO,
	      "KVM_IRQ_LINE before INIT");
	check(set_counts(fd, 32, 32 + U), 0, "set counts");
	check(set_counts(fd, 64, 64 + U), 0, "set counts again before INIT");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0, 1), ENXIO,
	      "KVM_IRQ_LINE before INIT (counts set)");
	v = (uint64_t)8 << 32;		/* MSI inputs [0, 8) */
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI,
				    KVM_DEV_ARM_RVIC_MSI_INPUTS, &v), 0, "MSI inputs");
	v = MSI_DOORBELL;
	check(__kvm_device_attr_set(fd, KVM_DEV_ARM_RVIC_GRP_MSI,
				    KVM_DEV_ARM_RVIC_MSI_DOORBELL, &v), 0, "MSI doorbell");
	check(rvic_init(fd), 0, "INIT");
	check(rvic_init(fd), EBUSY, "second INIT");
	check(set_counts(fd, 32, 96), EBUSY, "set counts after INIT");
	TEST_ASSERT(get_counts(fd) == RVIC_COUNTS(64, 64 + U), "get counts after INIT: 0x%lx",
		    get_counts(fd));

	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0, 1), 0, "KVM_IRQ_LINE input 0");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0, 0), 0, "KVM_IRQ_LINE input 0 level 0");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, U - 1, 1), 0,
	      "KVM_IRQ_LINE input nr_untrusted - 1");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, U, 1), EINVAL,
	      "KVM_IRQ_LINE input nr_untrusted");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0xffff, 1), EINVAL,
	      "KVM_IRQ_LINE input 0xffff");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_PPI, 0, 27, 1), EINVAL, "KVM_IRQ_LINE PPI type");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_PPI, 0, 0, 1), EINVAL, "KVM_IRQ_LINE PPI type, 0");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_CPU, 0, 0, 1), ENXIO, "KVM_IRQ_LINE CPU type");
	check(irq_line(vm, KVM_ARM_IRQ_TYPE_CPU, 0, 1, 0), ENXIO, "KVM_IRQ_LINE CPU type, FIQ");

	check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EEXIST, "second rVIC");

	/*
	 * rvic.rst, "MSIs": KVM decodes an MSI to the doorbell whose data is
	 * an input of the MSI range (rvic_msi covers the refusals).
	 */
	msi.address_lo = (uint32_t)MSI_DOORBELL;
	ret = __vm_ioctl(vm, KVM_SIGNAL_MSI, &msi);
	check(ret < 0 ? ret : 0, 0, "KVM_SIGNAL_MSI to the doorbell with data = input 0");
	TEST_ASSERT(ret == 0, "KVM_SIGNAL_MSI of unmapped input 0 returned %d, expected 0 (blocked)",
		    ret);
	ret = __vm_ioctl(vm, KVM_SIGNAL_MSI, &(struct kvm_msi){ .data = 0 });
	check(ret, EINVAL, "KVM_SIGNAL_MSI of input 0 to address 0");

	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("stages: INIT, KVM_IRQ_LINE errnos: ok\n");
}

static void test_one_irqchip(void)
{
	bool has_v3, has_v2;
	struct kvm_vm *vm;
	int fd;

	vm = vm_create_barebones();
	has_v3 = !__kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3);
	has_v2 = !__kvm_test_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V2);
	kvm_vm_free(vm);

	/* vgic first */
	if (has_v3) {
		vm = vm_create_barebones();
		fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3);
		check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EEXIST,
		      "rVIC next to a GICv3");
		close(fd);
		kvm_vm_free(vm);
	}
	if (has_v2) {
		vm = vm_create_barebones();
		vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL);
		check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EEXIST,
		      "rVIC after KVM_CREATE_IRQCHIP");
		kvm_vm_free(vm);
	}

	/* rVIC first, finalised or not */
	for (int init = 0; init < 2; init++) {
		vm = vm_create_barebones();
		fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
		if (init) {
			check(set_counts(fd, 32, 96), 0, "set counts");
			check(rvic_init(fd), 0, "INIT");
		}
		if (has_v3)
			check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V3), EEXIST,
			      "GICv3 next to an rVIC");
		if (has_v2)
			check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_VGIC_V2), EEXIST,
			      "GICv2 next to an rVIC");
		/* KVM_CREATE_IRQCHIP is a GICv2: -ENODEV where KVM has none */
		check(__vm_ioctl(vm, KVM_CREATE_IRQCHIP, NULL), has_v2 ? EEXIST : ENODEV,
		      "KVM_CREATE_IRQCHIP next to an rVIC");
		check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EEXIST, "second rVIC");
		close(fd);
		kvm_vm_free(vm);
	}
	ksft_print_msg("one irqchip per VM: ok (GICv3 %s, GICv2 %s)\n",
		       has_v3 ? "tried" : "absent", has_v2 ? "tried" : "absent");
}

/* A small guest that uses its rVIC: args are the counts */
static void guest_small(uint64_t trusted, uint64_t total)
{
	uint64_t self = rvic_self();
	uint64_t untrusted = total - trusted;

	GUEST_ASSERT_EQ(rvic_ok(RVIC_VERSION, 0, 0, 0), RVIC_VERSION_0_3);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_INFO, RVIC_INFO_NR_TRUSTED, 0, 0), trusted);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_INFO, RVIC_INFO_NR_UNTRUSTED, 0, 0), untrusted);
	rvic_enable();
	rvic_clear_masked(self, total - 1);
	rvic_signal(self, total - 1);
	rvic_expect_ack(total - 1);
	rvic_expect(RVIC_SIGNAL, self, total, 0, RVIC_ST(RVIC_ERROR_PARAMETER, 1));
	rvid_map(untrusted - 1, self, total - 1);
	rvic_expect(RVID_MAP, untrusted, self, total - 1, RVIC_ST(RVIC_ERROR_PARAMETER, 0));
	rvic_expect(RVID_MAP, 0, self, trusted - 1, RVIC_ST(RVIC_ERROR_PARAMETER, 2));
	rvid_unmap(untrusted - 1);
	rvic_expect_ack(-1);
	GUEST_DONE();
}

static void guest_no_rvic_calls(void)
{
	GUEST_DONE();
}

static void test_run(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int fd;

	/* KVM_RUN before INIT, without and with counts */
	vm = vm_create(1);
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	vcpu = vm_vcpu_add(vm, 0, guest_small);
	vcpu_args_set(vcpu, 2, 32, 96);
	check(_vcpu_run(vcpu), ENXIO, "KVM_RUN before the counts");
	check(set_counts(fd, 32, 96), 0, "set counts");
	check(_vcpu_run(vcpu), ENXIO, "KVM_RUN before INIT");
	check(rvic_init(fd), 0, "INIT");
	rvic_run_vcpu(vcpu, NULL);
	nr_checks++;
	/* no vCPU joins once one has run (arm-rvic.rst, as for a vgic) */
	check(__vm_ioctl(vm, KVM_CREATE_VCPU, (void *)1UL), EBUSY,
	      "KVM_CREATE_VCPU after a vCPU ran");
	close(fd);
	kvm_vm_free(vm);

	/* an rVIC once a vCPU has run */
	vm = vm_create(1);
	vcpu = vm_vcpu_add(vm, 0, guest_no_rvic_calls);
	rvic_run_vcpu(vcpu, NULL);
	check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC), EBUSY,
	      "rVIC after a vCPU ran");
	kvm_vm_free(vm);
	ksft_print_msg("KVM_RUN before INIT: -ENXIO, then runs; a vCPU or an rVIC after KVM_RUN: -EBUSY\n");
}

/* rVID inputs are edges: a resampling irqfd is refused, a plain one works */
static void test_irqfd_resample(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int fd = rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);
	struct kvm_irqfd irqfd = { .gsi = 0, .flags = KVM_IRQFD_FLAG_RESAMPLE };
	int efd = eventfd(0, 0), rfd = eventfd(0, 0);

	TEST_ASSERT(efd >= 0 && rfd >= 0, "eventfd");
	irqfd.fd = efd;
	irqfd.resamplefd = rfd;
	check(__vm_ioctl(vm, KVM_IRQFD, &irqfd), EINVAL, "KVM_IRQFD with KVM_IRQFD_FLAG_RESAMPLE");
	irqfd.flags = 0;
	irqfd.resamplefd = 0;
	check(__vm_ioctl(vm, KVM_IRQFD, &irqfd), 0, "KVM_IRQFD without resampling");
	close(efd);
	close(rfd);
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("irqfd: resampling refused with -EINVAL, a plain one accepted\n");
}

/* Defect #8: vCPUs created at every stage all work */
static void test_vcpu_stages(uint32_t trusted, uint32_t total)
{
	struct kvm_vcpu *vcpus[4];
	struct kvm_vm *vm;
	int fd;

	vm = vm_create(4);
	vcpus[0] = vm_vcpu_add(vm, 0, guest_small);
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	vcpus[1] = vm_vcpu_add(vm, 1, guest_small);
	check(set_counts(fd, trusted, total), 0, "set counts");
	vcpus[2] = vm_vcpu_add(vm, 2, guest_small);
	check(rvic_init(fd), 0, "INIT with vCPUs created before and after the counts");
	vcpus[3] = vm_vcpu_add(vm, 3, guest_small);

	for (int i = 0; i < 4; i++) {
		vcpu_args_set(vcpus[i], 2, trusted, total);
		rvic_run_vcpu(vcpus[i], NULL);
		nr_checks++;
	}
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("counts %u/%u: vCPUs created before the device, before and after the counts, after INIT: all run\n",
		       trusted, total);
}

/* ---- finalising: routes, and all or nothing ------------------------------ */

static int set_route(struct kvm_vm *vm, uint32_t gsi, uint32_t pin)
{
	struct kvm_irq_routing *r = calloc(1, sizeof(*r) + sizeof(r->entries[0]));
	int ret;

	TEST_ASSERT(r, "calloc");
	r->nr = 1;
	r->entries[0] = (struct kvm_irq_routing_entry){
		.gsi = gsi, .type = KVM_IRQ_ROUTING_IRQCHIP, .u.irqchip.pin = pin,
	};
	ret = __vm_ioctl(vm, KVM_SET_GSI_ROUTING, r);
	free(r);
	return ret;
}

static void guest_route(void)
{
	uint64_t self = rvic_self();
	uint64_t t0;

	rvic_enable();
	rvic_clear_masked(self, 40);
	rvid_map(0, self, 40);
	GUEST_SYNC(0);
	t0 = rvic_guest_now_us();
	while (!rvic_is_pending(self, 40))
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < 5000000,
			       "the irqfd of GSI 0 did not reach input 0");
	GUEST_ASSERT_EQ(rvic_ack(), 40);
	GUEST_DONE();
}

static int route_efd;

static void route_fire(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	uint64_t one = 1;

	TEST_ASSERT(write(route_efd, &one, sizeof(one)) == sizeof(one), "eventfd write");
}

/* Write @val to a debugfs/proc file; returns false if it is not there. */
static bool write_knob(const char *path, const char *val)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(val, f) >= 0;
	ok &= !fclose(f);
	return ok;
}

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define FAILSLAB	"/sys/kernel/debug/failslab/"

/*
 * Finalise a new VM's rVIC with its @n-th slab allocation failing.
 * Returns whether the fault was injected (false: INIT allocates fewer).
 */
static bool finalise_failing(int n)
{
	struct kvm_device_attr init = {
		.group = KVM_DEV_ARM_RVIC_GRP_CTRL, .attr = KVM_DEV_ARM_RVIC_CTRL_INIT,
	};
	struct kvm_irqfd irqfd = { .gsi = 0 };
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	char what[96], nth[16];
	bool injected;
	int fd, ret, err, nth_fd, len;

	vm = vm_create_with_one_vcpu(&vcpu, guest_route);
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	/* 32 inputs: the table, and one allocation per default route */
	check(set_counts(fd, 32, 64), 0, "set counts");

	/* Nothing between the write and the read may allocate: one open fd */
	nth_fd = open(FAIL_NTH, O_RDWR);
	TEST_ASSERT(nth_fd >= 0, "open " FAIL_NTH);
	len = snprintf(nth, sizeof(nth), "%d", n);
	TEST_ASSERT(write(nth_fd, nth, len) == len, "write " FAIL_NTH);
	ret = ioctl(fd, KVM_SET_DEVICE_ATTR, &init);
	err = errno;
	len = pread(nth_fd, nth, sizeof(nth) - 1, 0);
	TEST_ASSERT(len > 0, "read " FAIL_NTH);
	nth[len] = 0;
	injected = atoi(nth) == 0;
	TEST_ASSERT(write(nth_fd, "0", 1) == 1, "write " FAIL_NTH);
	close(nth_fd);
	if (!ret && injected)
		ksft_print_msg("INIT, slab allocation %d failing: %s\n", n,
			       ret ? strerror(err) : injected ? "succeeded" : "no such allocation");

	snprintf(what, sizeof(what), "INIT with slab allocation %d failing", n);
	if (ret) {
		TEST_ASSERT(injected, "%s: failed (%s) with no fault injected", what,
			    strerror(err));
		errno = err;
		check(ret, ENOMEM, what);
		check(set_route(vm, 0, 0), EINVAL, "KVM_SET_GSI_ROUTING after a failed INIT");
		check(irq_line(vm, KVM_ARM_IRQ_TYPE_SPI, 0, 0, 1), ENXIO,
		      "KVM_IRQ_LINE after a failed INIT");
		check(rvic_init(fd), 0, "INIT again after a failed one");
	}
	check(rvic_init(fd), EBUSY, "INIT once more");

	route_efd = eventfd(0, 0);
	TEST_ASSERT(route_efd >= 0, "eventfd");
	irqfd.fd = route_efd;
	vm_ioctl(vm, KVM_IRQFD, &irqfd);
	rvic_run_vcpu(vcpu, route_fire);

	close(route_efd);
	close(fd);
	kvm_vm_free(vm);
	return injected;
}

static void test_finalise(void)
{
	struct kvm_vm *vm = vm_create_barebones();
	int fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	int n, failed = 0;

	check(set_counts(fd, 32, 96), 0, "set counts");
	check(set_route(vm, 0, 3), EINVAL, "KVM_SET_GSI_ROUTING before INIT");
	check(rvic_init(fd), 0, "INIT");
	check(set_route(vm, 0, 3), 0, "KVM_SET_GSI_ROUTING after INIT");
	close(fd);
	kvm_vm_free(vm);

	if (!write_knob(FAILSLAB "ignore-gfp-wait", "N") ||
	    !write_knob(FAILSLAB "verbose", "0") || access(FAIL_NTH, W_OK)) {
		ksft_print_msg("finalise: no failslab/fail-nth in this kernel, failure paths not tested\n");
		return;
	}
	for (n = 1; n < 128 && finalise_failing(n); n++)
		failed++;
	write_knob(FAILSLAB "ignore-gfp-wait", "Y");
	write_knob(FAILSLAB "verbose", "2");
	TEST_ASSERT(failed > 32 && n < 128, "INIT: %d allocation failures injected", failed);
	ksft_print_msg("finalise: routes refused before INIT; INIT failed cleanly and was retried at each of its %d slab allocations\n",
		       failed);
}

/*
 * vCPUs with EL2 (nested virtualization): the rVIC refuses them, at
 * device creation when the vCPUs are initialised first, at the first
 * KVM_RUN otherwise. Only where the host offers EL2 vCPUs.
 */
static int init_el2_vcpu(struct kvm_vm *vm, struct kvm_vcpu **vcpu)
{
	struct kvm_vcpu_init init;

	vm_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
	init.features[0] |= 1U << KVM_ARM_VCPU_HAS_EL2;
	*vcpu = __vm_vcpu_add(vm, 0);
	return __vcpu_ioctl(*vcpu, KVM_ARM_VCPU_INIT, &init);
}

static void test_nested(void)
{
	struct kvm_vcpu *vcpu;
	struct kvm_vm *vm;
	int fd;

	vm = vm_create_barebones();
	if (init_el2_vcpu(vm, &vcpu)) {
		ksft_print_msg("nested: KVM_ARM_VCPU_INIT with EL2: %s, so no EL2 vCPUs here: refusal not tested\n",
			       strerror(errno));
		kvm_vm_free(vm);
		return;
	}
	check(__kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC) < 0 ? -1 : 0, EINVAL,
	      "rVIC for vCPUs with EL2");
	kvm_vm_free(vm);

	vm = vm_create_barebones();
	fd = kvm_create_device(vm, KVM_DEV_TYPE_ARM_RVIC);
	check(init_el2_vcpu(vm, &vcpu), 0, "KVM_ARM_VCPU_INIT with EL2 after the rVIC");
	check(set_counts(fd, 32, 96), 0, "set counts");
	check(rvic_init(fd), 0, "INIT");
	check(__vcpu_run(vcpu), EINVAL, "KVM_RUN of an EL2 vCPU with an rVIC");
	close(fd);
	kvm_vm_free(vm);
	ksft_print_msg("nested: EL2 vCPUs refused at creation and at the first run: ok\n");
}

int main(void)
{
	rvic_require();

	test_counts();
	test_stages();
	test_one_irqchip();
	test_run();
	test_irqfd_resample();
	test_finalise();
	test_nested();
	test_vcpu_stages(32, 96);
	test_vcpu_stages(32, 64);
	test_vcpu_stages(64, 2048);
	test_vcpu_stages(2016, 2048);

	ksft_print_msg("rvic_device: %d checks passed, %d known host bug(s)\n",
		       nr_checks, nr_known_bugs);
	return 0;
}
