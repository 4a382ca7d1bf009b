// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_timer - the virtual timer as trusted, level-sensitive INTID 27.
 *
 * Each of 2 vCPUs enables its instance, unmasks INTID 27 and programs its
 * virtual timer (1 ms ahead); the IRQ handler ACKs, and then, depending
 * on the mode:
 *
 * oneshot   disables the timer and issues RESAMPLE(27): the level is
 *           low, so 27 is not pending again. N rounds, N deliveries.
 * back2back the same, the next round arming the timer to expire at once.
 * held      leaves the timer firing for the first K-1 deliveries of a
 *           round: RESAMPLE(27) finds the level high and makes 27 pending
 *           again (IS_PENDING says so), so it is delivered again after
 *           the unmask; the K-th delivery disables the timer. N rounds,
 *           N*K deliveries.
 * periodic  reprograms the timer from the handler for the next expiry,
 *           as a tick does, then RESAMPLE; the main code waits in WFI.
 *           N deliveries.
 * disabled  the timer fires while the instance is disabled and 27 is
 *           masked: the rising edge is dropped, but ENABLE finds the level
 *           still high and makes 27 pending (IS_PENDING says so, with no
 *           RESAMPLE), and the unmask delivers it, once.
 * cleared   the timer fires while 27 is masked: CLEAR_PENDING(27) leaves
 *           it pending, the level being high, and the unmask delivers it,
 *           once.
 *
 * Every delivery is counted and the totals must be exact, with no
 * spurious IRQ. Each mode runs twice: once with an exit to the host
 * (GUEST_SYNC, hence a vcpu_put/vcpu_load) after each handled expiry, and
 * once without, as a guest runs. The run without exits is the one that
 * caught RESAMPLE not recording a low level (fixed by "KVM: arm64: rVIC:
 * RESAMPLE records the level it sampled"): the next rising level of the
 * timer was taken for one already high and dropped.
 *
 * A lost expiry would leave the guest waiting forever: a host thread
 * "rescues" a vCPU that has waited RESCUE_S seconds without progress by
 * firing an rVID input at it, and the guest then fails with the mode and
 * round that lost its expiry.
 */
#include "arch_timer.h"
#include "rvic_util.h"

#define NR_VCPUS	2
#define N		20
#define HELD_K		3
#define RESCUE_S	3
#define RESCUE_INPUT(v)	(v)
#define RESCUE_INTID(v)	(RVIC_TEST_TRUSTED + (v))

enum {
	MODE_ONESHOT, MODE_BACK2BACK, MODE_HELD, MODE_PERIODIC, MODE_DISABLED,
	MODE_CLEARED, NR_MODES
};
static const char *const mode_name[] = {
	"oneshot", "back2back", "held", "periodic", "disabled", "cleared",
};

#define SYNC_RELOAD	1

static uint64_t targets[NR_VCPUS];
static volatile int mode[NR_VCPUS], exit_after[NR_VCPUS];
static volatile int deliveries[NR_VCPUS], round_deliveries[NR_VCPUS];
static volatile int periodic_left[NR_VCPUS];
static volatile int spurious[NR_VCPUS], rescued[NR_VCPUS], waiting[NR_VCPUS];

static uint64_t ticks(void)
{
	return timer_get_cntfrq() / 1000;	/* 1 ms */
}

static void timer_arm(uint64_t delta)
{
	timer_set_cval(VIRTUAL, timer_get_cntct(VIRTUAL) + delta);
	timer_set_ctl(VIRTUAL, CTL_ENABLE);
}

static void timer_off_and_resample(uint64_t self)
{
	timer_set_ctl(VIRTUAL, 0);
	rvic_resample(RVIC_VTIMER_INTID);
	__GUEST_ASSERT(!rvic_is_pending(self, RVIC_VTIMER_INTID),
		       "27 pending after RESAMPLE with the timer off");
}

static void handle_timer(int me, uint64_t self)
{
	uint32_t ctl = timer_get_ctl(VIRTUAL);

	__GUEST_ASSERT((ctl & (CTL_ENABLE | CTL_ISTATUS)) == (CTL_ENABLE | CTL_ISTATUS),
		       "timer IRQ with CNTV_CTL 0x%x (mode %s)", ctl, mode_name[mode[me]]);
	deliveries[me]++;
	round_deliveries[me]++;

	switch (mode[me]) {
	case MODE_HELD:
		if (round_deliveries[me] < HELD_K) {
			/* the condition still holds: pending again */
			rvic_resample(RVIC_VTIMER_INTID);
			__GUEST_ASSERT(rvic_is_pending(self, RVIC_VTIMER_INTID),
				       "27 not pending after RESAMPLE, timer firing");
		} else {
			timer_off_and_resample(self);
		}
		break;
	case MODE_PERIODIC:
		if (--periodic_left[me] > 0) {
			/* it may have expired again already: then pending */
			timer_arm(ticks());
			rvic_resample(RVIC_VTIMER_INTID);
		} else {
			timer_off_and_resample(self);
		}
		break;
	default:
		timer_off_and_resample(self);
	}
	if (exit_after[me])
		GUEST_SYNC1(SYNC_RELOAD);
}

static void irq_handler(struct ex_regs *regs)
{
	int me = guest_get_vcpuid();
	uint64_t self = targets[me];
	bool first = true;
	int64_t intid;

	while ((intid = rvic_ack()) >= 0) {
		first = false;
		if (intid == RESCUE_INTID(me))
			rescued[me]++;
		else if (intid == RVIC_VTIMER_INTID)
			handle_timer(me, self);
		else
			GUEST_FAIL("took INTID %ld", intid);
		rvic_clear_masked(self, intid);
	}
	if (first)
		spurious[me]++;
}

/*
 * Wait, taking interrupts, until *@v reaches @want (true) or the host
 * rescues us (false). With @use_wfi, in WFI (PSTATE.I set around the
 * check so that no wakeup is lost), else spinning in the guest.
 */
static bool wait_for(volatile int *v, int want, bool use_wfi)
{
	int me = guest_get_vcpuid();
	int r0 = rescued[me];
	bool ok;

	waiting[me] = 1;
	for (;;) {
		local_irq_disable();
		if (*v >= want || rescued[me] != r0)
			break;
		if (use_wfi)
			wfi();
		local_irq_enable();
	}
	ok = rescued[me] == r0;
	waiting[me] = 0;
	local_irq_enable();
	return ok;
}

#define EXPIRY_LOST(round)						\
	GUEST_FAIL("%s %s, round %d: timer expiry lost (%d deliveries)",	\
		   mode_name[m], with_exit ? "with exits" : "without exits",	\
		   round, deliveries[me] - start)

static void run_mode(int me, int m, bool with_exit)
{
	int start = deliveries[me], want;

	mode[me] = m;
	exit_after[me] = with_exit;
	GUEST_SYNC1(SYNC_RELOAD);	/* fresh state for each run */

	switch (m) {
	case MODE_ONESHOT:
	case MODE_BACK2BACK:
		for (int i = 0; i < N; i++) {
			timer_arm(m == MODE_ONESHOT ? ticks() : 0);
			if (!wait_for(&deliveries[me], start + i + 1, false))
				EXPIRY_LOST(i);
		}
		want = N;
		break;
	case MODE_HELD:
		for (int i = 0; i < N; i++) {
			round_deliveries[me] = 0;
			timer_arm(ticks());
			if (!wait_for(&round_deliveries[me], HELD_K, false))
				EXPIRY_LOST(i);
			rvic_guest_udelay(1000);
			GUEST_ASSERT_EQ(round_deliveries[me], HELD_K);
		}
		want = N * HELD_K;
		break;
	case MODE_PERIODIC:
		periodic_left[me] = N;
		timer_arm(ticks());
		if (!wait_for(&deliveries[me], start + N, true))
			EXPIRY_LOST(N - periodic_left[me]);
		want = N;
		break;
	case MODE_DISABLED:
	case MODE_CLEARED:
		rvic_set_masked(targets[me], RVIC_VTIMER_INTID);
		if (m == MODE_DISABLED)
			rvic_disable();
		timer_arm(0);
		while (!(timer_get_ctl(VIRTUAL) & CTL_ISTATUS))
			;
		rvic_guest_udelay(2000);	/* the host has seen it fire */
		if (m == MODE_DISABLED) {
			rvic_enable();
		} else {
			GUEST_ASSERT(rvic_is_pending(targets[me], RVIC_VTIMER_INTID));
			rvic_clear_pending(targets[me], RVIC_VTIMER_INTID);
		}
		__GUEST_ASSERT(rvic_is_pending(targets[me], RVIC_VTIMER_INTID),
			       "%s: 27 not pending with CNTV_CTL.ISTATUS set (0x%x)",
			       mode_name[m], timer_get_ctl(VIRTUAL));
		GUEST_ASSERT_EQ(deliveries[me], start);
		rvic_clear_masked(targets[me], RVIC_VTIMER_INTID);
		if (!wait_for(&deliveries[me], start + 1, false))
			EXPIRY_LOST(0);
		want = 1;
		break;
	}
	rvic_guest_udelay(2000);
	__GUEST_ASSERT(deliveries[me] - start == want, "%s: %d deliveries, expected %d",
		       mode_name[m], deliveries[me] - start, want);
	GUEST_PRINTF("%-9s %-14s %2d deliveries\n", mode_name[m],
		     with_exit ? "(with exits)" : "(no exits)", deliveries[me] - start);
}

static void guest_code(void)
{
	int me = guest_get_vcpuid();
	uint64_t self = rvic_self();

	GUEST_ASSERT_EQ(self, targets[me]);
	timer_set_ctl(VIRTUAL, 0);
	rvic_enable();
	rvic_clear_masked(self, RVIC_VTIMER_INTID);
	rvic_clear_masked(self, RESCUE_INTID(me));
	rvid_map(RESCUE_INPUT(me), self, RESCUE_INTID(me));
	local_irq_enable();

	for (int m = MODE_ONESHOT; m <= MODE_PERIODIC; m++)
		run_mode(me, m, true);
	run_mode(me, MODE_DISABLED, true);
	run_mode(me, MODE_CLEARED, true);
	for (int m = MODE_ONESHOT; m <= MODE_PERIODIC; m++)
		run_mode(me, m, false);

	GUEST_ASSERT_EQ(spurious[me], 0);
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------------ */

static struct kvm_vm *vm;
static volatile int done;
static int nr_rescues;

/* Fire a vCPU's rescue input when it has waited RESCUE_S without progress */
static void *rescuer(void *arg)
{
	int last[NR_VCPUS] = { -1, -1 }, idle[NR_VCPUS] = { 0 };

	while (!done) {
		for (int v = 0; v < NR_VCPUS; v++) {
			int p = (*guest_global(vm, deliveries))[v] +
				(*guest_global(vm, rescued))[v];

			if (p != last[v] || !(*guest_global(vm, waiting))[v]) {
				last[v] = p;
				idle[v] = 0;
				continue;
			}
			if (++idle[v] == RESCUE_S * 10) {
				rvic_dump_state(vm);
				rvic_fire_line(vm, RESCUE_INPUT(v));
				nr_rescues++;
			}
			TEST_ASSERT(idle[v] < 60 * 10, "vCPU %d stuck for 60s", v);
		}
		usleep(100 * 1000);
	}
	return NULL;
}

int main(void)
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	pthread_t rescue_thread;
	int total = 0;

	rvic_require();

	vm = rvic_vm_create(NR_VCPUS, guest_code, vcpus, targets, irq_handler);
	sync_global_to_guest(vm, targets);
	rvic_setup(vm, RVIC_TEST_TRUSTED, RVIC_TEST_TOTAL);

	pthread_create(&rescue_thread, NULL, rescuer, NULL);
	rvic_run_vcpus(vcpus, NR_VCPUS, NULL);
	done = 1;
	pthread_join(rescue_thread, NULL);

	for (int i = 0; i < NR_VCPUS; i++)
		total += (*guest_global(vm, deliveries))[i];
	TEST_ASSERT(!nr_rescues, "%d rescues", nr_rescues);
	ksft_print_msg("%d vCPUs: %d timer deliveries (%d per vCPU), counts exact, none lost\n",
		       NR_VCPUS, total, 2 * (N + N + N * HELD_K + N) + 1);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_timer: all checks passed\n");
	return 0;
}
