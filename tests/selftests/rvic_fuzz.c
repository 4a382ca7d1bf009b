// SPDX-License-Identifier: GPL-2.0-only
/*
 * rvic_fuzz - random hypercalls against the rVIC and rVID, then a check
 * that the host and the rVIC state are still sane.
 *
 * 4 vCPUs each make ITERS calls with random function IDs, mostly in and
 * around the rVIC and rVID ranges (0xC5000100..0xC500010F,
 * 0xC50001F0..0xC500021F) and the extension's (0xC5000270..0xC500028F),
 * their SMC32 twins, and random 32-bit IDs (PSCI
 * excluded, it would stop the vCPU), with random 64-bit arguments drawn
 * to hit valid values, edges, and values with high bits set. Each answer
 * is checked against the ABI: the argument checks are deterministic, so
 * the status word is known, except for what depends on other vCPUs (a
 * SIGNAL to another instance may be DISABLED, an ACK may find nothing).
 * Each vCPU tracks its own instance's extension revision, which
 * EXT_NEGOTIATE sets and DISABLE clears, to know which of the extension's
 * answers is right.
 * Meanwhile a host thread fires random rVID inputs through KVM_IRQ_LINE
 * and irqfd and reads the debugfs rvic-state.
 *
 * Then every vCPU resets its instance and checks it: nothing pending,
 * VERSION, INFO, ENABLE, SIGNAL self + ACK, DISABLE/ACK, an rVID input
 * fired by the host, an IPI to the next vCPU. The debugfs state must
 * show every instance enabled, an empty FIFO and no mapped input.
 *
 *   rvic_fuzz [-i iterations per vCPU] [-s seed]
 */
#include <sys/eventfd.h>
#include <time.h>

#include "rvic_util.h"

#define NR_VCPUS	4
#define T		RVIC_TEST_TRUSTED
#define N		RVIC_TEST_TOTAL
#define U		RVIC_TEST_UNTRUSTED
#define DEADLINE_US	(40ULL * 1000000)	/* stop early past this */

enum { SYNC_FUZZ_DONE = 1, SYNC_BARRIER, SYNC_FIRE };

static uint64_t targets[NR_VCPUS];
static uint64_t seeds[NR_VCPUS];
static uint64_t iters;
/* Written by each vCPU for itself, read by the host once they are done */
static uint64_t done_iters[NR_VCPUS];
static uint64_t nr_rvic_calls[NR_VCPUS];

static uint64_t rnd(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static bool is_psci(uint32_t fn)
{
	return (((fn >> 24) & 0x3f) == 4 && (fn & 0xffff) <= 0x1f) ||
	       (fn >= 0x95c1ba5e && fn <= 0x95c1ba61);
}

static uint32_t pick_fn(uint64_t *s)
{
	uint32_t r = rnd(s) % 100, fn;

	if (r < 34)
		return RVIC_FN(rnd(s) % RVIC_NR_FNS);
	if (r < 42)
		return RVIC_EXT_NEGOTIATE + rnd(s) % RVIC_EXT_NR_FNS;
	if (r < 45)
		return 0xC5000270U + rnd(s) % 0x20;
	if (r < 50)
		return RVID_FN(rnd(s) % RVID_NR_FNS);
	if (r < 65)
		return RVID_FN(rnd(s) % 16);
	if (r < 80)
		return 0xC50001F0U + rnd(s) % 0x30;
	if (r < 90)
		return (rnd(s) & 1 ? RVID_FN(rnd(s) % 16) : 0xC50001F0U + rnd(s) % 0x30) &
		       ~0x40000000U;
	do {
		fn = rnd(s);
	} while (is_psci(fn));
	return fn;
}

static const uint64_t edges[] = {
	0, 1, T - 1, T, U - 1, U, N - 1, N, 2047, 2048, 0xffffffffULL,
	1ULL << 32, 1ULL << 63, ~0ULL, 0x80000000ULL, 0x100,
};

static uint64_t pick_arg(uint64_t *s)
{
	uint32_t r = rnd(s) % 100;

	if (r < 25)
		return rnd(s) % 100;
	if (r < 40)
		return targets[rnd(s) % NR_VCPUS];
	if (r < 55)
		return edges[rnd(s) % ARRAY_SIZE(edges)];
	if (r < 70)
		return (rnd(s) % 100) | (1ULL << (32 + rnd(s) % 32));
	return rnd(s);
}

static bool known_target(uint64_t t)
{
	for (int i = 0; i < NR_VCPUS; i++)
		if (targets[i] == t)
			return true;
	return false;
}

static bool is_rvic_fn(uint32_t fn)
{
	return (fn >= RVIC_FN(0) && fn < RVIC_FN(RVIC_NR_FNS)) ||
	       (fn >= RVIC_EXT_NEGOTIATE && fn < RVIC_EXT_NEGOTIATE + RVIC_EXT_NR_FNS) ||
	       (fn >= RVID_FN(0) && fn < RVID_FN(RVID_NR_FNS));
}

static bool in_near_range(uint32_t fn)
{
	return (fn >= 0xC5000100U && fn <= 0xC500010FU) ||
	       (fn >= 0xC50001F0U && fn <= 0xC500021FU) ||
	       (fn >= 0xC5000270U && fn <= 0xC500028FU);
}

/* In a range we own (or its SMC32 twin) but not a call: NOT_SUPPORTED */
static bool is_unknown_near(uint32_t fn)
{
	uint32_t f64 = fn | 0x40000000U;

	if ((fn & 0x40000000U) == 0 && in_near_range(f64))
		return true;	/* SMC32: none of these exist */
	return in_near_range(fn) && !is_rvic_fn(fn);
}

#define EP(i)	RVIC_ST(RVIC_ERROR_PARAMETER, i)
#define BADCPU	RVIC_ST(RVIC_INVALID_CPU, 0)
#define DIS	RVIC_ST(RVIC_DISABLED, 0)
#define NOINT	RVIC_ST(RVIC_NO_INTERRUPTS, 0)

#define FUZZ_ASSERT(cond) __GUEST_ASSERT(cond,					\
	"iter %lu: fn 0x%x (0x%lx, 0x%lx, 0x%lx) -> x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx", \
	it, fn, a1, a2, a3, r.a0, r.a1, r.a2, r.a3)

/* An acknowledge of the extension: an INTID and its flags, or nothing */
static void check_ext_ack(uint64_t it, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
			  struct arm_smccc_res r, bool enabled)
{
	bool level;

	if (!enabled) {
		FUZZ_ASSERT(r.a0 == DIS && !r.a1 && !r.a2);
		return;
	}
	if (r.a0 == NOINT) {
		FUZZ_ASSERT(!r.a1 && !r.a2);
		return;
	}
	level = r.a1 >= RVIC_NR_IPIS && r.a1 < T;
	FUZZ_ASSERT(r.a0 == RVIC_OK && r.a1 < N && !(r.a2 & ~3ULL) &&
		    !!(r.a2 & RVIC_EXT_ACK_MASKED) == level);
}

/* The extension's calls; @rev is our instance's revision */
static void check_ext(uint64_t it, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
		      struct arm_smccc_res r, bool enabled, uint64_t *rev)
{
	FUZZ_ASSERT(!r.a3);
	if (fn == RVIC_EXT_NEGOTIATE) {
		if (a1 > 0xffff) {
			FUZZ_ASSERT(r.a0 == EP(0) && !r.a1 && !r.a2);
			return;
		}
		*rev = a1 < 1 ? a1 : 1;
		FUZZ_ASSERT(r.a0 == RVIC_OK && r.a1 == *rev && !r.a2);
		return;
	}
	if (!*rev) {
		FUZZ_ASSERT(r.a0 == SMCCC_NOT_SUPPORTED && !r.a1 && !r.a2);
		return;
	}
	if (fn == RVIC_EXT_EOI) {
		if (a1 >= N || (a2 & ~3ULL)) {
			FUZZ_ASSERT(r.a0 == EP(a1 >= N ? 0 : 1) && !r.a1 && !r.a2);
			return;
		}
		if (!(a2 & RVIC_EXT_EOI_ACK_NEXT)) {
			FUZZ_ASSERT(r.a0 == RVIC_OK && !r.a1 && !r.a2);
			return;
		}
	}
	check_ext_ack(it, fn, a1, a2, a3, r, enabled);
}

/*
 * Check one answer against the ABI. @enabled and @rev track our own
 * instance.
 */
static void check_answer(uint64_t it, uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
			 struct arm_smccc_res r, uint64_t self, bool *enabled, uint64_t *rev)
{
	uint64_t want = RVIC_OK;

	if (is_unknown_near(fn)) {
		FUZZ_ASSERT(r.a0 == SMCCC_NOT_SUPPORTED);
		return;
	}
	if (!is_rvic_fn(fn))
		return;
	if (fn >= RVIC_EXT_NEGOTIATE && fn < RVIC_EXT_NEGOTIATE + RVIC_EXT_NR_FNS) {
		check_ext(it, fn, a1, a2, a3, r, *enabled, rev);
		return;
	}

	FUZZ_ASSERT(!r.a2 && !r.a3);
	switch (fn) {
	case RVIC_VERSION:
	case RVID_VERSION:
		FUZZ_ASSERT(r.a0 == RVIC_OK && r.a1 == RVIC_VERSION_0_3);
		return;
	case RVIC_INFO:
		if (a1 == RVIC_INFO_NR_TRUSTED)
			FUZZ_ASSERT(r.a0 == RVIC_OK && r.a1 == T);
		else if (a1 == RVIC_INFO_NR_UNTRUSTED)
			FUZZ_ASSERT(r.a0 == RVIC_OK && r.a1 == U);
		else
			FUZZ_ASSERT(r.a0 == EP(0) && !r.a1);
		return;
	case RVIC_ENABLE:
	case RVIC_DISABLE:
		FUZZ_ASSERT(r.a0 == RVIC_OK && !r.a1);
		*enabled = fn == RVIC_ENABLE;
		if (fn == RVIC_DISABLE)
			*rev = 0;
		return;
	case RVIC_ACKNOWLEDGE:
		if (!*enabled)
			FUZZ_ASSERT(r.a0 == DIS && !r.a1);
		else
			FUZZ_ASSERT((r.a0 == RVIC_OK && r.a1 < N) || (r.a0 == NOINT && !r.a1));
		return;
	case RVIC_RESAMPLE:
		FUZZ_ASSERT(r.a0 == (a1 >= T ? EP(0) : RVIC_OK) && !r.a1);
		return;
	case RVID_MAP:
		if (a1 >= U)
			want = EP(0);
		else if (!known_target(a2))
			want = EP(1);	/* not INVALID_CPU: the 0.3 contract */
		else if (a3 < T || a3 >= N)
			want = EP(2);
		FUZZ_ASSERT(r.a0 == want && !r.a1);
		return;
	case RVID_UNMAP:
		FUZZ_ASSERT(r.a0 == (a1 >= U ? EP(0) : RVIC_OK) && !r.a1);
		return;
	}

	/* (target, intid) calls */
	if (!known_target(a1))
		want = BADCPU;
	else if (a2 >= N)
		want = EP(1);
	if (fn == RVIC_SIGNAL && want == RVIC_OK) {
		if (a1 == self)
			want = *enabled ? RVIC_OK : DIS;
		else
			FUZZ_ASSERT((r.a0 == RVIC_OK || r.a0 == DIS) && !r.a1);
		if (a1 != self)
			return;
	}
	FUZZ_ASSERT(r.a0 == want);
	if (fn == RVIC_IS_PENDING && want == RVIC_OK)
		FUZZ_ASSERT(r.a1 <= 1);
	else
		FUZZ_ASSERT(!r.a1);
}

static void guest_code(void)
{
	int me = guest_get_vcpuid();
	uint64_t self = rvic_self(), s = seeds[me], t0, it, rev = 0;
	bool enabled = false;
	int next = (me + 1) % NR_VCPUS;

	GUEST_ASSERT_EQ(self, targets[me]);
	t0 = rvic_guest_now_us();
	for (it = 0; it < iters; it++) {
		uint32_t fn = pick_fn(&s);
		uint64_t a1 = pick_arg(&s), a2 = pick_arg(&s), a3 = pick_arg(&s);
		struct arm_smccc_res r = rvic_call(fn, a1, a2, a3);

		check_answer(it, fn, a1, a2, a3, r, self, &enabled, &rev);
		if (is_rvic_fn(fn))
			WRITE_ONCE(nr_rvic_calls[me], nr_rvic_calls[me] + 1);
		if (!(it & 255) && rvic_guest_now_us() - t0 > DEADLINE_US)
			break;
		WRITE_ONCE(done_iters[me], it + 1);
	}
	GUEST_SYNC1(SYNC_FUZZ_DONE);		/* the host stops firing */

	/* Reset our instance (back to 0.3 too) and our share of the rVID */
	rvic_disable();
	GUEST_ASSERT_EQ(rvic_call(RVIC_EXT_ACKNOWLEDGE, 0, 0, 0).a0, SMCCC_NOT_SUPPORTED);
	for (int i = 0; i < N; i++) {
		rvic_set_masked(self, i);
		rvic_clear_pending(self, i);
	}
	for (int i = me; i < U; i += NR_VCPUS)
		rvid_unmap(i);
	rvic_expect(RVIC_ACKNOWLEDGE, 0, 0, 0, DIS);
	rvic_enable();
	for (int i = 0; i < N; i++)
		GUEST_ASSERT(!rvic_is_pending(self, i));
	rvic_expect_ack(-1);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_VERSION, 0, 0, 0), RVIC_VERSION_0_3);
	GUEST_ASSERT_EQ(rvic_ok(RVID_VERSION, 0, 0, 0), RVIC_VERSION_0_3);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_INFO, 0, 0, 0), T);
	GUEST_ASSERT_EQ(rvic_ok(RVIC_INFO, 1, 0, 0), U);
	rvic_signal(self, 3);
	rvic_expect_ack(-1);
	rvic_clear_masked(self, 3);
	rvic_expect_ack(3);
	rvic_expect_ack(-1);
	rvic_disable();
	rvic_expect(RVIC_ACKNOWLEDGE, 0, 0, 0, DIS);
	rvic_enable();
	GUEST_SYNC1(SYNC_BARRIER);		/* everybody is clean */

	/* rVID: an input of our own, fired by the host */
	rvid_map(me, self, T + me);
	rvic_clear_masked(self, T + me);
	GUEST_SYNC2(SYNC_FIRE, me);
	rvic_expect_ack(T + me);
	rvic_expect_ack(-1);
	rvid_unmap(me);

	/* An IPI to the next vCPU, one from the previous */
	rvic_clear_masked(self, 5);
	GUEST_SYNC1(SYNC_BARRIER);
	rvic_signal(targets[next], 5);
	while (!rvic_is_pending(self, 5))
		cpu_relax();
	rvic_expect_ack(5);
	rvic_expect_ack(-1);
	GUEST_SYNC1(SYNC_BARRIER);		/* nobody signals any more */
	GUEST_ASSERT(!rvic_is_pending(self, 5));
	GUEST_DONE();
}

/* ---- host ------------------------------------------------------------------ */

static struct kvm_vm *vm;
static pthread_barrier_t barrier;
static pthread_t fire_thread;
static int stop_firing;
static int irqfds[U];
static uint64_t nr_fired, nr_rejected, nr_state_reads;

static void *fire_fn(void *arg)
{
	uint64_t s = *(uint64_t *)arg, one = 1;
	static char buf[16384];

	while (!READ_ONCE(stop_firing)) {
		uint32_t input = rnd(&s) % (U + 8);
		int ret;

		if (input < U && (rnd(&s) & 1)) {
			TEST_ASSERT(write(irqfds[input], &one, sizeof(one)) == sizeof(one),
				    "eventfd write");
		} else {
			ret = _kvm_irq_line(vm, RVIC_IRQ_LINE_INPUT(input), 1);
			TEST_ASSERT(input < U ? !ret : ret == -1 && errno == EINVAL,
				    "KVM_IRQ_LINE input %u: %d errno %d", input, ret, errno);
			nr_rejected += input >= U;
		}
		nr_fired++;
		if (!(nr_fired % 64) && rvic_read_state(vm, buf, sizeof(buf)) > 0) {
			TEST_ASSERT(!strncmp(buf, "nr_trusted 32 nr_untrusted 64\n", 30),
				    "rvic-state: %.64s", buf);
			nr_state_reads++;
		}
		usleep(200);
	}
	return NULL;
}

static void host_sync(struct kvm_vcpu *vcpu, struct ucall *uc)
{
	switch (uc->args[0]) {
	case SYNC_FUZZ_DONE:
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) {
			WRITE_ONCE(stop_firing, 1);
			pthread_join(fire_thread, NULL);
		}
		pthread_barrier_wait(&barrier);
		break;
	case SYNC_BARRIER:
		pthread_barrier_wait(&barrier);
		break;
	case SYNC_FIRE:
		rvic_fire_line(vm, uc->args[1]);
		break;
	default:
		TEST_FAIL("unknown sync %lu", uc->args[0]);
	}
}

static void check_final_state(void)
{
	static char buf[16384];
	int n = rvic_read_state(vm, buf, sizeof(buf));
	char *p;

	if (n < 0) {
		ksft_print_msg("no debugfs rvic-state: final state not read\n");
		return;
	}
	/*
	 * In protected mode the host sees each line only, and the count of
	 * its requests the hypervisor refused: none of its own may be.
	 */
	if (rvic_protected_mode())
		TEST_ASSERT(strstr(buf, "instances at EL2, refused 0\n"),
			    "rvic-state: the hypervisor refused requests of the host:\n%s", buf);
	for (int v = 0; v < NR_VCPUS; v++) {
		char want[64];

		snprintf(want, sizeof(want), rvic_protected_mode() ?
			 "vcpu %d mpidr 0x%lx line 0\n" : "vcpu %d mpidr 0x%lx enabled\n",
			 v, targets[v]);
		TEST_ASSERT(strstr(buf, want), "rvic-state has no '%s':\n%s", want, buf);
	}
	for (char *l = buf; (l = strstr(l, "\n  ")); l++) {
		TEST_ASSERT(strncmp(l, "\n  pending", 10) || !strncmp(l, "\n  pending   \n", 13),
			    "an INTID is still pending:\n%s", buf);
		TEST_ASSERT(strncmp(l, "\n  fifo", 7) || !strncmp(l, "\n  fifo      0:\n", 16),
			    "a FIFO is not empty:\n%s", buf);
	}
	p = strstr(buf, "rvid\n");
	TEST_ASSERT(p && !p[5], "rVID inputs still mapped:\n%s", buf);
	ksft_print_msg(rvic_protected_mode() ?
		       "debugfs rvic-state: every line down, nothing refused, rVID empty\n" :
		       "debugfs rvic-state: all instances enabled, FIFOs empty, rVID empty\n");
}

int main(int argc, char *argv[])
{
	struct kvm_vcpu *vcpus[NR_VCPUS];
	uint64_t seed = time(NULL), fire_seed, total = 0, calls = 0;
	struct timespec t0;
	int opt;

	iters = 20000;
	while ((opt = getopt(argc, argv, "i:s:")) != -1) {
		switch (opt) {
		case 'i':
			iters = strtoull(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		default:
			ksft_exit_fail_msg("usage: %s [-i iterations] [-s seed]\n", argv[0]);
		}
	}

	rvic_require();
	ksft_print_msg("seed %lu (rerun with -s %lu), %lu calls per vCPU\n", seed, seed, iters);

	vm = vm_create_with_vcpus(NR_VCPUS, guest_code, vcpus);
	for (int i = 0; i < NR_VCPUS; i++) {
		targets[i] = rvic_vcpu_target(vcpus[i]);
		seeds[i] = (seed + 1) * 0x9e3779b97f4a7c15ULL ^ (i + 1) * 0xbf58476d1ce4e5b9ULL;
		if (!seeds[i])
			seeds[i] = 1;
	}
	fire_seed = seeds[0] ^ 0x94d049bb133111ebULL;
	sync_global_to_guest(vm, targets);
	sync_global_to_guest(vm, seeds);
	sync_global_to_guest(vm, iters);
	rvic_setup(vm, T, N);

	rvic_irqfds(vm, irqfds, U);

	pthread_barrier_init(&barrier, NULL, NR_VCPUS);
	pthread_create(&fire_thread, NULL, fire_fn, &fire_seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rvic_run_vcpus(vcpus, NR_VCPUS, host_sync);

	for (int i = 0; i < NR_VCPUS; i++) {
		uint64_t n = (*guest_global(vm, done_iters))[i];

		ksft_print_msg("vCPU %d: %lu iterations (%lu rVIC/rVID calls checked)\n", i, n,
			       (*guest_global(vm, nr_rvic_calls))[i]);
		total += n;
		calls += (*guest_global(vm, nr_rvic_calls))[i];
	}
	ksft_print_msg("%lu hypercalls in %.1fs (%lu to the rVIC/rVID); host fired %lu inputs (%lu out of range), read rvic-state %lu times\n",
		       total, timespec_to_ns(timespec_elapsed(t0)) / 1e9, calls, nr_fired,
		       nr_rejected, nr_state_reads);
	check_final_state();

	for (int i = 0; i < U; i++)
		close(irqfds[i]);
	pthread_barrier_destroy(&barrier);
	kvm_vm_free(vm);
	ksft_print_msg("rvic_fuzz: host healthy, all checks passed\n");
	return 0;
}
