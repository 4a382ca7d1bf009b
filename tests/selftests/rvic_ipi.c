// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_ipi - IPIs between 4 vCPUs through RVIC_SIGNAL.
 *
 * Every vCPU sends the 16 IPI INTIDs (0..15) to every other vCPU. The
 * sends are organised in rounds so that each delivery can be attributed
 * to its source and none can merge with another: in round r, vCPU s
 * sends to vCPU (s + k) % 4 with k = r % 3 + 1, so each vCPU has exactly
 * one source per round, and a host-side barrier separates rounds. Each
 * sender uses its own permutation of 0..15.
 *
 * The IRQ handler ACKs in a loop until NO_INTERRUPTS and CLEAR_MASKEDs
 * what it took. Checked: every (source, INTID) pair is delivered exactly
 * once per send, the order of ACKs within a round is the send order (FIFO
 * order is deterministic here, since one sender per target), both when the
 * receiver takes the IPIs as they come and when it keeps IRQs masked
 * until all 16 are pending, and no IRQ is spurious.
 */
#include "rvic_util.h"

#define NR_VCPUS	4
#define NR_ROUNDS	12		/* multiple of 3: 4 full cycles */
#define WAIT_US		(60ULL * 1000000)

static uint64_t targets[NR_VCPUS];	/* set by the host */

/* Per receiving vCPU; written only by that vCPU */
static volatile int cur_src[NR_VCPUS];
static volatile uint32_t counts[NR_VCPUS][NR_VCPUS][RVIC_NR_IPIS];
static volatile uint8_t rx_log[NR_VCPUS][NR_ROUNDS * RVIC_NR_IPIS];
static volatile int rx_n[NR_VCPUS];
static volatile int spurious[NR_VCPUS];

static int round_offset(int r)
{
	return r % 3 + 1;
}

/* Every other cycle of 3 rounds, receivers keep IRQs masked until all 16 are pending */
static bool is_masked_round(int r)
{
	return (r / 3) % 2;
}

/* The j-th INTID that @src sends in round @r: a permutation of 0..15 */
static int send_order(int r, int src, int j)
{
	return (j * 5 + src * 3 + r) % RVIC_NR_IPIS;
}

static void irq_handler(struct ex_regs *regs)
{
	int me = guest_get_vcpuid();
	bool first = true;
	int64_t intid;

	while ((intid = rvic_ack()) >= 0) {
		__GUEST_ASSERT(intid < RVIC_NR_IPIS, "vCPU %d took INTID %ld", me, intid);
		counts[me][cur_src[me]][intid]++;
		GUEST_ASSERT(rx_n[me] < NR_ROUNDS * RVIC_NR_IPIS);
		rx_log[me][rx_n[me]] = intid;
		rx_n[me]++;
		rvic_clear_masked(targets[me], intid);
		first = false;
	}
	if (first)
		spurious[me]++;
}

/* Wait with PSTATE.I set around the check, so that no wakeup is lost */
static void wait_rx(int me, int n, int r)
{
	uint64_t t0 = rvic_guest_now_us();

	for (;;) {
		local_irq_disable();
		if (rx_n[me] >= n)
			break;
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < WAIT_US,
			       "vCPU %d round %d: %d of %d IPIs after %llus", me, r,
			       rx_n[me], n, WAIT_US / 1000000);
		wfi();
		local_irq_enable();
	}
	local_irq_enable();
}

static void wait_all_pending(int me, int r)
{
	uint64_t t0 = rvic_guest_now_us();
	int i;

	do {
		for (i = 0; i < RVIC_NR_IPIS; i++)
			if (!rvic_is_pending(targets[me], i))
				break;
		__GUEST_ASSERT(rvic_guest_now_us() - t0 < WAIT_US,
			       "vCPU %d round %d: IPI %d never pending", me, r, i);
	} while (i < RVIC_NR_IPIS);
}

static void guest_code(void)
{
	int me = guest_get_vcpuid();
	uint64_t self = rvic_self();

	GUEST_ASSERT_EQ(self, targets[me]);

	/* Bring-up as a guest driver does it */
	rvic_disable();
	for (int i = 0; i < RVIC_TEST_TOTAL; i++) {
		rvic_set_masked(self, i);
		rvic_clear_pending(self, i);
	}
	rvic_enable();
	for (int i = 0; i < RVIC_NR_IPIS; i++)
		rvic_clear_masked(self, i);
	rvic_expect_ack(-1);

	cur_src[me] = (me - round_offset(0) + NR_VCPUS) % NR_VCPUS;
	local_irq_enable();
	GUEST_SYNC(0);				/* everybody is enabled */

	for (int r = 0; r < NR_ROUNDS; r++) {
		int dst = (me + round_offset(r)) % NR_VCPUS;
		int src = cur_src[me];
		bool masked = is_masked_round(r);
		int base = r * RVIC_NR_IPIS;	/* IPIs may arrive before we get here */

		for (int j = 0; j < RVIC_NR_IPIS; j++)
			rvic_signal(targets[dst], send_order(r, me, j));
		if (masked) {
			/* PSTATE.I has been set since before the barrier */
			wait_all_pending(me, r);
			local_irq_enable();
		}
		wait_rx(me, base + RVIC_NR_IPIS, r);

		for (int j = 0; j < RVIC_NR_IPIS; j++)
			__GUEST_ASSERT(rx_log[me][base + j] == send_order(r, src, j),
				       "vCPU %d round %d (%s): ACK %d took %d, sent %d-th was %d",
				       me, r, masked ? "masked" : "live", j,
				       rx_log[me][base + j], j, send_order(r, src, j));

		if (r + 1 < NR_ROUNDS) {
			cur_src[me] = (me - round_offset(r + 1) + NR_VCPUS) % NR_VCPUS;
			if (is_masked_round(r + 1))
				local_irq_disable();
		}
		GUEST_SYNC(r + 1);		/* round r is over everywhere */
	}

	local_irq_disable();
	for (int s = 0; s < NR_VCPUS; s++)
		for (int i = 0; i < RVIC_NR_IPIS; i++)
			__GUEST_ASSERT(counts[me][s][i] == (s == me ? 0 : NR_ROUNDS / 3),
				       "vCPU %d got INTID %d from vCPU %d %u times",
				       me, i, s, counts[me][s][i]);
	GUEST_ASSERT_EQ(spurious[me], 0);
	rvic_expect_ack(-1);
	GUEST_DONE();
}

static pthread_barrier_t barrier;

static void host_sync(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	pthread_barrier_wait(&barrier);
}

int main(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	struct timespec t0, t1;
	struct kvm_vm *vm;

	rvic_require();

	vm = rvic_vm_create(NR_VCPUS, guest_code, vcpus, targets, irq_handler);
	sync_global_to_guest(vm, targets);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);

	pthread_barrier_init(&barrier, NULL, NR_VCPUS);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rvic_run_vcpus(vcpus, NR_VCPUS, host_sync);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	for (int i = 0; i < NR_VCPUS; i++)
		TEST_ASSERT((*guest_global(vm, rx_n))[i] == NR_ROUNDS * RVIC_NR_IPIS,
			    "vCPU %d took %d IPIs", i, (*guest_global(vm, rx_n))[i]);
	ksft_print_msg("%d vCPUs x %d rounds x %d IPIs: %d IPIs, each delivered once, in send order (%.1fs)\n",
		       NR_VCPUS, NR_ROUNDS, RVIC_NR_IPIS,
		       NR_VCPUS * NR_ROUNDS * RVIC_NR_IPIS,
		       timespec_to_ns(timespec_sub(t1, t0)) / 1e9);
	pthread_barrier_destroy(&barrier);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_ipi: all checks passed\n");
	return 0;
}
