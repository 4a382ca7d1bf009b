// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_storm - vCPU A takes interrupts through its own instance while
 * vCPU B and userspace keep raising more.
 *
 * A runs ACKNOWLEDGE / CLEAR_MASKED loops on its own instance: in phase 0
 * polling with IRQs masked, in phase 1 from its IRQ handler, waiting in
 * WFI between interrupts. Meanwhile B SIGNALs the 16 IPI INTIDs to A and
 * calls IS_PENDING, SET_MASKED and CLEAR_MASKED on a spare INTID of A's
 * instance, and a host thread fires NR_INPUTS rVID inputs routed to A.
 * Each source waits until A has taken its previous interrupt of the same
 * INTID before raising it again, so none can merge with another and the
 * counts are exact: NR_PHASES * NR_ROUNDS per INTID, nothing lost,
 * nothing taken twice. A lost line hangs A in WFI and fails the guest's
 * timeout.
 *
 * Then the vCPU stats: for each vCPU, the rVIC calls completed at EL2
 * plus those the host ran are exactly the calls it made. At EL2 (vhe,
 * nvhe, protected) none of A's calls leaves EL2 (no HVC exit at all), and
 * every one of B's calls on the spare INTID completes there: only a
 * SIGNAL that must kick A goes to the host. In protected mode too, where
 * the hypervisor completes them all and that SIGNAL's exit only kicks.
 */
#include "rvic_util.h"

#define NR_VCPUS	2
#define NR_PHASES	2
#define NR_ROUNDS	100
#define NR_INPUTS	8
#define INTID(input)	(RVIC_TEST_TRUSTED + (input))
#define SPARE		(RVIC_TEST_TOTAL - 1)	/* never raised */
#define WAIT_US		(60ULL * 1000000)

enum { VCPU_A, VCPU_B };

static uint64_t targets[NR_VCPUS];	/* set by the host */

/* Written by A only; read by B and the host's injector with READ_ONCE() */
static uint32_t taken[RVIC_TEST_TOTAL];
static uint64_t a_calls;
static int a_spurious;
/* Written by B only */
static uint64_t b_calls, b_spare_calls;

static bool is_source(int intid)
{
	return intid < RVIC_NR_IPIS ||
	       (intid >= INTID(0) && intid < INTID(NR_INPUTS));
}

/* Take one interrupt, if any: ACKNOWLEDGE, count, CLEAR_MASKED */
static bool take_one(void)
{
	int64_t intid = rvic_ack();

	a_calls++;
	if (intid < 0)
		return false;
	__GUEST_ASSERT(is_source(intid), "A took INTID %ld, never raised", intid);
	WRITE_ONCE(taken[intid], taken[intid] + 1);
	rvic_clear_masked(targets[VCPU_A], intid);
	a_calls++;
	return true;
}

static void irq_handler(struct ex_regs *regs)
{
	bool any = false;

	while (take_one())
		any = true;
	if (!any)
		a_spurious++;
}

/* Has A taken @want of every source INTID? */
static bool all_taken(uint32_t want)
{
	for (int i = 0; i < RVIC_TEST_TOTAL; i++) {
		if (is_source(i) && READ_ONCE(taken[i]) < want)
			return false;
	}
	return true;
}

static void guest_a(void)
{
	uint64_t self = rvic_self(), t0;

	rvic_disable();
	for (int i = 0; i < RVIC_TEST_TOTAL; i++) {
		rvic_set_masked(self, i);
		rvic_clear_pending(self, i);
	}
	rvic_enable();
	for (int i = 0; i < NR_INPUTS; i++)
		rvid_map(i, self, INTID(i));
	for (int i = 0; i < RVIC_TEST_TOTAL; i++) {
		if (is_source(i))
			rvic_clear_masked(self, i);
	}
	rvic_expect_ack(-1);
	GUEST_SYNC(0);				/* the storm starts */

	/* Phase 0: IRQs masked, polling */
	t0 = rvic_guest_now_us();
	while (!all_taken(NR_ROUNDS)) {
		take_one();
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < WAIT_US,
			       "phase 0: A stuck after %lu calls", a_calls);
	}

	/* Phase 1: from the IRQ handler; WFI with PSTATE.I set around the check */
	t0 = rvic_guest_now_us();
	for (;;) {
		local_irq_disable();
		if (all_taken(NR_PHASES * NR_ROUNDS))
			break;
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < WAIT_US,
			       "phase 1: A waits for its line after %lu calls", a_calls);
		wfi();
		local_irq_enable();
	}

	for (int i = 0; i < RVIC_TEST_TOTAL; i++)
		__GUEST_ASSERT(taken[i] == (is_source(i) ? NR_PHASES * NR_ROUNDS : 0),
			       "A took INTID %d %u times", i, taken[i]);
	GUEST_ASSERT_EQ(a_spurious, 0);
	rvic_expect_ack(-1);
	a_calls++;
	GUEST_DONE();
}

/* Wait until A has taken @intid @n times */
static void wait_taken(int intid, uint32_t n)
{
	uint64_t t0 = rvic_guest_now_us();

	while (READ_ONCE(taken[intid]) < n)
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < WAIT_US,
			       "B: A took IPI %d %u times, not %u", intid,
			       taken[intid], n);
}

static void guest_b(void)
{
	uint64_t a = targets[VCPU_A];

	GUEST_SYNC(0);
	for (uint32_t k = 0; k < NR_PHASES * NR_ROUNDS; k++) {
		for (int i = 0; i < RVIC_NR_IPIS; i++) {
			wait_taken(i, k);
			rvic_signal(a, i);
			/* Never pending: completed at EL2, whatever A does */
			GUEST_ASSERT(!rvic_is_pending(a, SPARE));
			if (i & 1)
				rvic_set_masked(a, SPARE);
			else
				rvic_clear_masked(a, SPARE);
			b_calls += 3;
			b_spare_calls += 2;
		}
	}
	GUEST_DONE();
}

static void guest_code(void)
{
	if (guest_get_vcpuid() == VCPU_A)
		guest_a();
	else
		guest_b();
}

static struct kvm_vm *vm;
static struct kvm_vcpu *vcpus[NR_VCPUS];
static pthread_barrier_t barrier;
static int storm;

static const char * const stat_names[] = {
	"rvic_el2_calls", "rvic_host_calls", "hvc_exit_stat",
};
#define NR_ST	ARRAY_SIZE(stat_names)
static uint64_t st0[NR_VCPUS][NR_ST], calls0[NR_VCPUS];

static void read_stats(uint64_t st[NR_VCPUS][NR_ST])
{
	for (int v = 0; v < NR_VCPUS; v++)
		for (int k = 0; k < (int)NR_ST; k++)
			st[v][k] = rvic_vcpu_stat(vcpus[v], stat_names[k]);
}

/* Both vCPUs stop at GUEST_SYNC(0); one thread reads the stats meanwhile */
static void host_sync(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
		read_stats(st0);
		calls0[VCPU_A] = *guest_global(vm, a_calls);
		calls0[VCPU_B] = *guest_global(vm, b_calls);
		WRITE_ONCE(storm, 1);
	}
	pthread_barrier_wait(&barrier);
}

/* Fire each input NR_PHASES * NR_ROUNDS times, once A took the previous one */
static void *injector(void *arg)
{
	uint32_t *t = *guest_global(vm, taken);
	struct timespec t0;

	while (!READ_ONCE(storm))
		usleep(1000);
	for (uint32_t k = 0; k < NR_PHASES * NR_ROUNDS; k++) {
		for (int i = 0; i < NR_INPUTS; i++) {
			clock_gettime(CLOCK_MONOTONIC, &t0);
			while (READ_ONCE(t[INTID(i)]) < k) {
				struct timespec now;

				clock_gettime(CLOCK_MONOTONIC, &now);
				TEST_ASSERT(now.tv_sec - t0.tv_sec < 60,
					    "input %d: A took it %u times, not %u",
					    i, t[INTID(i)], k);
			}
			rvic_fire_line(vm, i);
		}
	}
	return NULL;
}

int main(void)
{
	uint64_t st[NR_VCPUS][NR_ST], d[NR_VCPUS][NR_ST], calls[NR_VCPUS];
	bool prot = rvic_protected_mode();
	pthread_t inj;

	rvic_require();

	vm = rvic_vm_create(NR_VCPUS, guest_code, vcpus, targets, irq_handler);
	sync_global_to_guest(vm, targets);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);

	pthread_barrier_init(&barrier, NULL, NR_VCPUS);
	pthread_create(&inj, NULL, injector, NULL);
	rvic_run_vcpus(vcpus, NR_VCPUS, host_sync);
	pthread_join(inj, NULL);

	read_stats(st);
	calls[VCPU_A] = *guest_global(vm, a_calls) - calls0[VCPU_A];
	calls[VCPU_B] = *guest_global(vm, b_calls) - calls0[VCPU_B];
	for (int v = 0; v < NR_VCPUS; v++) {
		for (int k = 0; k < (int)NR_ST; k++)
			d[v][k] = st[v][k] - st0[v][k];
		ksft_print_msg("vCPU %c: %lu rVIC calls, %lu completed at EL2, %lu in the host, %lu HVC exits\n",
			       'A' + v, calls[v], d[v][0], d[v][1], d[v][2]);
		TEST_ASSERT(d[v][0] + d[v][1] == calls[v],
			    "vCPU %c: %lu calls at EL2 + %lu in the host, but it made %lu",
			    'A' + v, d[v][0], d[v][1], calls[v]);
	}
	TEST_ASSERT(!d[VCPU_A][1] && !d[VCPU_A][2],
		    "A's own calls: %lu went to the host, %lu HVC exits",
		    d[VCPU_A][1], d[VCPU_A][2]);
	TEST_ASSERT(d[VCPU_B][0] >= *guest_global(vm, b_spare_calls),
		    "B: %lu calls at EL2, fewer than its %lu on the spare INTID",
		    d[VCPU_B][0], *guest_global(vm, b_spare_calls));
	if (prot)
		TEST_ASSERT(!d[VCPU_B][1], "protected mode: %lu of B's calls ran in the host",
			    d[VCPU_B][1]);
	ksft_print_msg("%d phases x %d rounds x (%d IPIs + %d rVID inputs): each taken once\n",
		       NR_PHASES, NR_ROUNDS, RVIC_NR_IPIS, NR_INPUTS);
	pthread_barrier_destroy(&barrier);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_storm: all checks passed\n");
	return 0;
}
