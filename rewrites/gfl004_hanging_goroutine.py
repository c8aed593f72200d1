"""A goroutine blocked forever sending on a channel whose receiver has given up.

## What it does
Flags a channel made in a function (`make(chan T)`, or with a literal
buffer size too small for what is left unreceived) whose values are sent
only by goroutines started in that function, by code it hands the channel to,
or by the goroutines of a helper that made and returned it, when the function
can stop receiving before every send has been received: a `select` that
takes `<-ctx.Done()`, a timeout (`time.After`, a timer), a stop channel or
`default` instead, an early `return` (the first error of a fan-out, a failed
write after the goroutine started), a test that gives up with `t.Fatal`,
`t.Fatalf`, `t.FailNow` or `b.Fatal` (they end the test's goroutine), a
receiving loop left early (or one counted to the number of senders whose
select can use up an iteration on a timeout), or a single receive where
several goroutines send.  A `wg.Wait()` before anything receives, for a
WaitGroup the senders mark done after their sends, is a deadlock: a worker
that sends never gets to `Done`, so the function waits forever too.  The
message names the goroutine that blocks and the path that abandons it.

Paths on which the test has already failed are not reported by default:
a goroutine left blocked after `t.Fatal`, `t.Fatalf`, `t.FailNow`, `t.Error`,
`t.Errorf` or `t.Fail` (of a `testing.T`, `B`, `F` or `TB`, in a test or a
helper) leaks only from a test run that is already red, which its
maintainers fix by fixing the test, not the leak (the typical shape: `select
{ case <-done: case <-time.After(5 * time.Second): t.Fatal("timeout") }`).
The `failure_paths` option (`--option GFL004.failure_paths`) reports them
too.  One exception is always reported: a sender that is a finalizer
(`runtime.SetFinalizer`, `runtime.AddCleanup`) blocks the runtime's one
finalizer goroutine, and with it every later finalizer of the test binary.
A test that skips itself in a select case (`case <-time.After(d):
t.Skip("too slow here")`) gave up waiting as a failed one does; a skip for
a precondition (`if testing.Short() { t.Skip() }`) is no failure: a leak
after it is reported.

The analysis follows the paths from the channel's creation on; an `if`
condition that occurs twice and reads only variables the function never
changes is taken the same way both times (`if async {` ... `if async {`),
until a variable it reads is declared again.

It also reports a `for v := range ch` over such a channel that nothing ever
closes: the loop cannot end, so the function itself hangs after the last
send (an endless producer has no last send: left alone).

Senders may be:
- goroutines: function literals, functions of the package started with `go`
  (`go worker(ch, &wg)`), methods the package declares on its own types
  (`go s.fetch(url, ch)`), local function variables bound once to a literal,
  or `wg.Go(func() {...})` of a `sync.WaitGroup`;
- responders to a reply channel handed away: in a request value of a struct
  type of the package (`s.requests <- request{key, reply}`; the responders
  are the unguarded sends on that field anywhere in the package, `req.reply
  <- v`), through a function of the package that builds such a value, or in
  a closure handed to someone who runs it (`s.jobs <- func() { out <- v }`,
  `time.AfterFunc(d, func() { done <- x })`).  A request sent on a channel is
  sure to be answered; one handed to a function or a closure may be dropped,
  so only a receiver that gives up in a `select` is reported for those;
  a closure passed to a function other than `time.AfterFunc` and
  `runtime.SetFinalizer` (a subscription's handler, a callback) may be run
  any number of times, so it gets no buffer fix: the message says to let
  it give up instead; so may one stored in a value (`body{onClose: func()
  {...}}`), and when the channel's buffer already holds one send such
  callbacks are not reported (a leak then needs them to run again, or two
  alternative callbacks to both run: that is the caller's contract);
- the goroutines of a helper of the package that makes a channel, sends on
  it a known number of times and returns it (`errCh := startServer(s)`).

Interface methods, promoted methods, other function values and closures
handed to a group's `Go` (`errgroup`) are not followed: the channel is then
left alone, and so is a channel sent on inside a closure the goroutine
defers or calls (`defer func() { errc <- err }()`), received inside a
closure the function defers, or closed by a `defer close(ch)` of the
function (a late sender then panics rather than blocks).  A function that runs once per process (called only from
`main`, `init`, a `sync.Once` or a package-level initialiser, or storing its
result in a package-level variable; or a command of a command-line program,
in a package importing cobra or urfave/cli) leaves at most one goroutine
behind, which does not accumulate: only its deadlocks and channels made
again in a loop are reported.  Returning from
`main` of package main ends the program, goroutines included: unless main
defers work (which runs after the return and may wait for them), only a
loop there that makes a new channel while the old one is still owed a send,
and a `wg.Wait()` deadlock, are reported.  A channel handed to one goroutine
twice (`go worker(ch, ch)`) is left alone.  Channels that are closed and
drained (`v, ok := <-ch` with `!ok`, a full `range`), receivers that always
receive every send, loops that count what they received (a loop run to its
end whose select receives, in each iteration, from this channel or from
another channel only the same goroutines send on, as in `case r := <-results:
case err := <-errs:` for jobs that each answer once on either, counts as
receiving one of their sends per iteration), select cases on a
channel that only comes once every sender is done (a `done` the senders
close when they end, or that a goroutine closes after `wg.Wait()`), on the
other channel of the same request (`req{found: f, err: e}`: one of them
answers) or that nothing ever signals, sends that are a case of a `select`
with another case (responders that never block), buffers already big enough
(or sized by a name, an expression or a literal above 8, which the rule
trusts), and channels
stored or handed to code the rule cannot see (which may receive the rest)
are left alone.  A channel returned to the caller is the caller's to drain
on that path.

## Why is this bad?
A goroutine blocked on a channel operation that can never proceed stays
blocked forever: it is never collected, and neither is anything it
references: its stack, the result it was about to send, the request it was
working on.  When the receiver leaves after a timeout or a cancellation, the
sender still holds its value and waits on an unbuffered channel nobody reads
again.  Each call leaks one more goroutine (Go 101, "Memory Leaking
Scenarios": hanging goroutines).

## Example
```go
func fetch(ctx context.Context, url string) (string, error) {
        ch := make(chan string)
        go func() {
                ch <- download(url)
        }()
        select {
        case body := <-ch:
                return body, nil
        case <-ctx.Done():
                return "", ctx.Err()
        }
}
```

## Use instead
```go
func fetch(ctx context.Context, url string) (string, error) {
        ch := make(chan string, 1)
        go func() {
                ch <- download(url)
        }()
        select {
        case body := <-ch:
                return body, nil
        case <-ctx.Done():
                return "", ctx.Err()
        }
}
```

## Fix safety
The fix gives the channel a buffer for every send the receiver can abandon,
so each sender completes its send and exits: `make(chan T, 1)` for a single
goroutine that sends at most once (or a request answered once),
`make(chan T, N)` for N such goroutines, and `make(chan T, len(xs))` (or the
loop's count, `n` in `for i := 0; i < n; i++` or `for i := range n`, or the
number of workers of a pool) for one goroutine per iteration of a loop whose
count is known where the channel is made.  For a helper's channel the buffer
goes on the helper's `make`, when the helper is in the same file; else the
message says where.

It is safe when the channel does not leave the function (is not
returned on another path), each goroutine sends at most once on every path
and its send is the last thing it does, and the count is known and never
negative.  Receivers see the same values in the same order; only the
senders no longer wait for the hand-off.  A reply channel is safe to buffer
when each request can be shown to get one answer (the responder's sends on
one request value, declared once per request, number at most one on every
path; a closure runs once only under `time.AfterFunc`), else unsafe: the
responder serves at its own pace either way, but a second answer would then
wait in the buffer.

Unbuffered, whatever a goroutine does after its send happens after the
receiver took the value; buffered, it may happen first.  So the fix is
unsafe (applied only with `--unsafe-fixes`, and the message says why) when
a goroutine goes on after its send (a deferred `cancel()` or `close(done)`
the receiver also selects on, logging, more work; only returning, a
WaitGroup's `Done`, a mutex `Unlock` and closing the channel itself are
fine), when a goroutine waiting on the senders' WaitGroup does more than
close the channel, when the receiver's select also waits on a channel
closed once the senders are done (it could be chosen while a value waits in
the buffer), when the function reads `len(ch)` or `cap(ch)`, and when the
count is a variable that may be negative (`make` panics on it where the
loop just runs no time).  When the channel is also returned, or a goroutine
sends a fixed number of times more than once, the fix is a suggestion; when
a goroutine sends in a loop or the count is unknown, there is no fix and
the message says what to do (buffer every send, or let the sender give up
with a `select` on a done channel or `ctx.Done()`).  The never-closed
`range` is reported with a suggestion (`defer close(ch)` in a single
sending goroutine).
"""

from __future__ import annotations

from gofixleak.analysis import calls, cfg, channels, flow, goroutines, handoffs, lifetimes, loops, timers
from gofixleak.analysis.channels import MANY, Channel, Sender, Unsupported
from gofixleak.analysis.sends import Abandon, OwedSends
from gofixleak.engine.context import Context
from gofixleak.engine.rule import Finding, Rule, Safety
from gofixleak.syntax import grammar
from gofixleak.syntax.grammar import F, K, Node

RULE_ID = "GFL004"
FAILURE_PATHS = "failure_paths"
FAILURE_PATHS_HELP = (
    "also report goroutines left blocked only on paths where the test has already failed "
    "(after t.Fatal, t.Errorf, t.FailNow...; default: off)"
)

# How the receiver leaves with sends still owed (see _explain).
REMADE = "remade"  # the loop makes a new channel
SELECT_CASE = "select-case"  # a select takes another case (ctx.Done(), a timeout, default)
LEFT_LOOP = "left-loop"  # a receiving loop is left by return or break
FEWER = "fewer"  # fewer receives than sends
NOT_RECEIVED = "not-received"  # no receive at all on the path
WAITS = "waits"  # wg.Wait() waits for the blocked senders before anything receives: a deadlock


def check(ctx: Context):
    helpers: channels.Helpers | None = None  # made when the first candidate call is met
    for call in ctx.find(K.CALL_EXPRESSION):
        if helpers is None and channels.may_initialise(call):
            helpers = channels.Helpers(ctx)
        channel = channels.made_channel(ctx, call)
        if channel is None and helpers is not None:
            channel = channels.from_helper(ctx, call, helpers)
        if channel is None:
            continue
        try:
            channels.survey(ctx, channel)
            if channel.handoffs:
                channel.senders += handoffs.responders(ctx, channel)
        except Unsupported:
            continue
        yield from _check_channel(ctx, channel)


# --- the findings ---------------------------------------------------------------------------


def _check_channel(ctx: Context, channel: Channel) -> list[Finding]:
    if not any(s.sends for s in channel.senders):
        return []
    findings = []
    # a range over a channel nobody closes can only be left by counting (break or return after
    # the n-th value): whether every send was received then is beyond this analysis
    left_by_counting = bool(channel.ranges) and not channel.closed
    if channel.capacity is not None and not left_by_counting:
        owed = OwedSends(ctx, channel)
        if owed.complete:
            abandons = owed.abandons(channel.capacity)
            if timers.is_main(ctx, channel.func) and not any(True for _ in _defers(channel.func)):
                # returning from main.main ends the program, blocked goroutines included
                abandons = [a for a in abandons if a.remade or a.waits is not None]
            if not _reports_failure_paths(ctx, channel):
                abandons = [a for a in abandons if not a.failed]
            if abandons and not timers.is_main(ctx, channel.func) and lifetimes.runs_once(ctx, channel.func):
                # one goroutine left behind once per process does not accumulate; a deadlock
                # (or a loop making a new channel while the old one is owed) still matters
                abandons = [a for a in abandons if a.remade or a.waits is not None]
            kept = [(a, *_explain(ctx, channel, owed, a)) for a in abandons]
            kept = [k for k in kept if k[1] != FEWER or _sends_certain(channel)]
            if kept and channel.capacity >= 1 and _repeating_callback(channel) is not None:
                # a callback that runs once fits the buffer: a leak needs it (or a sibling
                # callback) to run again, which depends on the caller, not on this function
                kept = []
            if not all(s.certain for s in channel.senders):
                # a request handed to a function or a closure may be dropped unanswered: only a
                # receiver that gives up in a select while the request is out is sure to strand one
                kept = [k for k in kept if k[1] == SELECT_CASE]
            if kept:
                findings.append(_abandon_finding(ctx, channel, owed, kept))
    # an endless producer has no last send: a range over it is meant to run for ever
    own = all(s.kind == channels.GOROUTINE for s in channel.senders)
    if own and not channel.closed and not channel.returned and all(s.ends for s in channel.senders):
        findings += [_never_closed_finding(ctx, channel, r) for r in channel.ranges if _only_normal_exit(ctx, r)]
    return findings


def _reports_failure_paths(ctx: Context, channel: Channel) -> bool:
    """Whether leaks reachable only after the test failed are reported: with the option, or when
    the blocked party is the runtime's finalizer goroutine (every later test of the binary loses
    its finalizers), not a goroutine of the failed test."""
    if ctx.option(f"{RULE_ID}.{FAILURE_PATHS}"):
        return True
    return any(s.finalizer for s in channel.senders)


def _defers(func: Node):
    """The defer statements of `func` itself (not of its closures): they run after main returns,
    and may wait for the goroutine it left behind (a deadlock) or for a long time."""
    body = grammar.function_body(func)
    for statement in grammar.find_all(body, (K.DEFER_STATEMENT,)) if body is not None else []:
        if grammar.same(grammar.enclosing_function(statement), func):
            yield statement


def _sends_certain(channel: Channel) -> bool:
    """Every goroutine sends, a known number of times: counting receives against them is fair."""
    return all(s.always and s.sends != MANY for s in channel.senders if s.sends)


def _abandon_finding(ctx: Context, channel: Channel, owed: OwedSends, kept: list[tuple[Abandon, str, str]]) -> Finding:
    abandon, _, why = kept[0]
    sender = _blocked_sender(channel, owed, abandon)
    message = f"{_who(ctx, channel, sender)} forever on {_send_text(ctx, sender)} {why}"
    count = _buffer_needed(ctx, channel, [k[0] for k in kept])
    fixes = []
    helper = channel.helper
    callback = _repeating_callback(channel)
    if callback is not None:
        line = ctx.line_of(callback.start.start_byte)
        message += (
            f"; the closure handed away at line {line} may be run any number of times, so no buffer is "
            "sure to hold its sends: let it give up (a select on a done channel or ctx.Done(), or default)"
        )
    elif count is None:
        message += (
            f"; give {channel.name} a buffer for every send, or let the senders give up "
            "(a select on a done channel or ctx.Done())"
        )
    elif helper is not None and helper.file.path != ctx.file.path:
        where = helper.file.path.rsplit("/", 1)[-1]
        message += f"; give the channel {helper.name} makes ({where}) a buffer for every send: {count[0]}"
    else:
        fix = _buffer_fix(ctx, channel, owed, *count)
        if fix is not None:
            fixes.append(fix)
    return ctx.finding(channel.make, message, *fixes)


def _repeating_callback(channel: Channel) -> Sender | None:
    """A closure passed to a function or stored in a value for its owner to call, which may run
    it many times (a subscription's handler, a callback; not time.AfterFunc or
    runtime.SetFinalizer, which run it once): one send per run
    gives no bound on the sends, so no buffer size is right.  A closure sent on a channel to a
    worker of the package is run once per hand-off, as work items are."""
    for sender in channel.senders:
        handed = sender.start.type in (K.ARGUMENTS, K.KEYED_ELEMENT, K.LITERAL_VALUE)
        callback = handed and grammar.is_within(sender.body, sender.start)
        if sender.kind == channels.RESPONDER and callback and not sender.single and sender.sends:
            return sender
    return None


def _blocked_sender(channel: Channel, owed: OwedSends, abandon: Abandon) -> Sender:
    """The first goroutine started on the abandoning path (after the channel was last made)."""
    points = abandon.path
    if owed.remake is not None and owed.remake in points and not abandon.remade:
        points = points[len(points) - 1 - points[::-1].index(owed.remake) :]
    for index in points:
        if index in owed.spawned_by and owed.spawns.get(index):
            return owed.spawned_by[index]
    return next(s for s in channel.senders if s.sends)


def _who(ctx: Context, channel: Channel, sender: Sender) -> str:
    line = ctx.line_of(sender.start.start_byte)
    if sender.kind == channels.HELPER:
        return f"the goroutine {sender.callee} starts (called at line {line}) blocks"
    if sender.kind == channels.RESPONDER:
        if sender.body.type == K.FUNCTION_LITERAL and grammar.is_within(sender.body, sender.start):
            return f"the closure handed away at line {line} blocks"
        return f"the responder to the request made at line {line} blocks"
    in_loop = bool(loops.loops_between(sender.start, channel.make, channel.func))
    running = f" running {sender.callee}" if sender.callee is not None else ""
    if in_loop:
        return f"the goroutines{running} started at line {line} block"
    return f"the goroutine{running} started at line {line} blocks"


def _send_text(ctx: Context, sender: Sender) -> str:
    send = sender.first_send
    if send is None:
        return "its send"
    text = " ".join(grammar.text(send).split())
    if len(text) > 40:
        text = f"{grammar.text(send.child_by_field_name(F.CHANNEL))} <- ..."
    if sender.callee is not None:
        return f"`{text}`"
    where = sender.send_file or sender.file
    if where is not None and where.path != ctx.file.path:
        return f"`{text}` (line {send.start_point[0] + 1} of {where.path.rsplit('/', 1)[-1]})"
    return f"`{text}` (line {ctx.line_of(send.start_byte)})"


def _explain(ctx: Context, channel: Channel, owed: OwedSends, abandon: Abandon) -> tuple[str, str]:
    """(kind, words): how the receiving side leaves on the path `abandon` takes."""
    graph = owed.graph
    points = [graph[i] for i in abandon.path]
    name = channel.name
    if abandon.waits is not None:
        wait = graph[abandon.waits]
        call = " ".join(ctx.text(calls.called_statement(wait.node) if wait.node else None).split())
        words = (
            f"while `{call}` at line {wait.line} waits for them with nothing receiving from {name}: "
            "the function deadlocks too"
        )
        return WAITS, words
    if abandon.remade:
        line = ctx.line_of(channel.make.start_byte)
        words = f"when the loop makes a new {name} at line {line} before receiving every send"
        # since the previous make: a select that gave up, or only fewer receives than sends?
        earlier = [i for i, p in enumerate(points[:-1]) if p.index == owed.remake]
        segment = points[earlier[-1] + 1 :] if earlier else points
        if owed.abandoning_case(segment) is None and any(p.index in owed.receives for p in segment):
            return FEWER, words
        return REMADE, words
    last = points[-1]
    returns = last.node is not None and last.node.type == K.RETURN_STATEMENT
    leaves = f"returns at line {last.line}" if returns else "reaches the end of the function"
    goexit = _goexit_call(ctx, last)
    if goexit is not None:
        leaves = f"{goexit} at line {last.line} ends the {'goroutine' if goexit.endswith('Goexit`') else 'test'}"
    comm = owed.abandoning_case(points)
    if comm is not None and comm.node is not None:
        return SELECT_CASE, f"when {_select_takes(comm.node)} and {leaves}"
    ended = next(
        (p for p in points if p.kind == cfg.LOOP_EXIT and p.node is not None and p.node.id in owed.skipped_in), None
    )
    if ended is not None and ended.node is not None:
        skipping = graph[owed.skipped_in[ended.node.id]].node
        if skipping is not None:
            line = ended.node.start_point[0] + 1
            return (
                SELECT_CASE,
                f"when {_select_takes(skipping)} and the loop at line {line} ends before receiving every value",
            )
    received = [p for p in points if p.index in owed.receives]
    if received:
        loop = _left_loop(received[-1], last, channel)
        if loop is not None:
            line = loop.start_point[0] + 1
            how = leaves if goexit is not None else f"the function {leaves}"
            words = f"when the loop at line {line} that receives from {name} is left early ({how})"
            return LEFT_LOOP, words
        return FEWER, f"when the function receives fewer values than are sent and {leaves}"
    if goexit is not None:
        return NOT_RECEIVED, f"when {leaves} before {name} is received from"
    if returns:
        return NOT_RECEIVED, f"when the function returns at line {last.line} before receiving from {name}"
    return NOT_RECEIVED, f"when the function ends without receiving from {name}"


def _goexit_call(ctx: Context, point: cfg.Point) -> str | None:
    """`t.Fatal` (spelled as called) when the point's statement ends the goroutine, not the program."""
    statement = point.node
    if statement is None or statement.type != K.EXPRESSION_STATEMENT:
        return None
    call = calls.called_statement(statement)
    function = call.child_by_field_name(F.FUNCTION) if call is not None else None
    if function is None or calls.ending(ctx, statement) != calls.ENDS_GOROUTINE:
        return None
    return f"`{ctx.text(function)}`"


def _select_takes(clause: Node) -> str:
    header = _case_header(clause)
    took = "its default case" if header == "default" else f"`{header}`"
    select = clause.parent if clause.parent is not None else clause
    return f"the select at line {select.start_point[0] + 1} takes {took}"


def _case_header(clause: Node) -> str:
    if cfg.is_default(clause):
        return "default"
    comm = clause.child_by_field_name(F.COMMUNICATION)
    text = " ".join(grammar.text(comm).split()) if comm is not None else ""
    if len(text) > 40:
        text = text[:37] + "..."
    return f"case {text}"


def _left_loop(receive: cfg.Point, last: cfg.Point, channel: Channel) -> Node | None:
    """The receiving loop the path leaves other than by finishing it (a return or break inside it)."""
    if receive.node is None or last.node is None:
        return None
    around = loops.loops_around(receive.node, channel.func)
    if receive.kind == cfg.RANGE and receive.node.parent is not None:
        around.insert(0, receive.node.parent)
    for loop in around:
        if grammar.is_within(last.node, loop):
            return loop
    return around[0] if around and last.kind != cfg.LOOP_EXIT else None


# --- the fix: a buffer for every send ----------------------------------------------------------


def _buffer_needed(ctx: Context, channel: Channel, abandons: list[Abandon]) -> tuple[str, str | None] | None:
    """The buffer that holds every send the receiver can abandon, spelled as Go, and what may go
    wrong with it (a count that may be negative: make panics); None when unknown."""
    senders = [s for s in channel.senders if s.sends]
    if _repeating_callback(channel) is not None:
        return None
    if any(s.sends == MANY for s in senders):
        return None
    in_loops = [s for s in senders if loops.loops_between(s.start, channel.make, channel.func)]
    if not in_loops:
        return str(sum(s.sends for s in senders)), None  # one slot per send, as errgroup-style code does
    owed = [a.owed for a in abandons]
    if MANY not in owed:
        return str(max(owed)), None
    if len(senders) != 1 or senders[0].sends != 1:
        return None
    around = loops.loops_between(senders[0].start, channel.make, channel.func)
    if len(around) != 1:
        return None
    return loops.count_at(ctx, around[0], channel.make, channel.func)


def _buffer_fix(ctx: Context, channel: Channel, owed: OwedSends, count: str, count_caveat: str | None):
    """A buffer at the make: the function's own, or the helper's (in this file) that returned it."""
    made = channel.helper.channel if channel.helper is not None else channel
    where = f" in {channel.helper.name}" if channel.helper is not None else ""
    message = f"give {made.name}{where} a buffer for every send: make({ctx.text(made.type_arg)}, {count})"
    safety, caveat = _buffer_safety(ctx, channel, owed)
    if count_caveat is not None and safety == Safety.SAFE:
        safety, caveat = Safety.UNSAFE, count_caveat
    message += f" ({caveat})" if caveat else ""
    if made.capacity_arg is not None:
        return ctx.fix(message, ctx.replace(made.capacity_arg, count), safety=safety)
    closing = made.make.child_by_field_name(F.ARGUMENTS)
    if closing is None or made.type_arg is None:
        return None
    if ctx.src[made.type_arg.end_byte : closing.end_byte - 1].strip():
        return None  # a trailing comma or a comment: not a shape worth spelling out
    return ctx.fix(message, ctx.insert(made.type_arg.end_byte, f", {count}"), safety=safety)


def _buffer_safety(ctx: Context, channel: Channel, owed: OwedSends) -> tuple[Safety, str | None]:
    """How safe a buffer is, and why not when it is not.

    Unbuffered, whatever a sender does after its send happens after the receiver took the
    value; buffered, it may happen before, while the value waits in the buffer.
    """
    name = channel.name
    if channel.returned:
        # the caller receives on that path: check it does not rely on the hand-off
        return Safety.SUGGESTION, f"{name} is also returned at line {ctx.line_of(channel.returned[0].start_byte)}"
    if any(s.sends > 1 for s in channel.senders):
        return Safety.SUGGESTION, None  # a goroutine that sends several values may pace itself on the receiver
    repeating = next((s for s in channel.senders if s.kind == channels.RESPONDER and not s.single), None)
    if repeating is not None:
        if repeating.body.type == K.FUNCTION_LITERAL and grammar.is_within(repeating.body, repeating.start):
            return Safety.UNSAFE, "whoever runs the closure may run it more than once"
        return Safety.UNSAFE, "a responder may answer one request more than once"
    measured = channel.measured or [m for s in channel.senders for m in s.measured]
    if measured:
        return Safety.UNSAFE, f"{grammar.text(measured[0])} no longer reads 0"
    # a responder serves requests at its own pace: answering without waiting changes nothing the
    # requester can see, as long as it answers once
    going_on = next((s for s in channel.senders if s.goes_on is not None and s.kind != channels.RESPONDER), None)
    if going_on is not None and going_on.goes_on is not None:
        where = f"line {going_on.goes_on.start_point[0] + 1}"
        if going_on.file is not None and going_on.file.path != ctx.file.path:
            where += f" of {going_on.file.path.rsplit('/', 1)[-1]}"
        return Safety.UNSAFE, f"after its send the goroutine goes on at {where} without waiting for the receiver"
    if owed.signals:
        line = owed.graph[min(owed.signals)].line
        return Safety.UNSAFE, f"the case at line {line} may then be chosen while a value waits in the buffer"
    waiter = _waiter_going_on(ctx, channel) if any(s.marks_done for s in channel.senders) else None
    if waiter is not None:
        line = ctx.line_of(waiter.start_byte)
        return Safety.UNSAFE, f"line {line} may then run while a value waits in the buffer"
    return Safety.SAFE, None


def _waiter_going_on(ctx: Context, channel: Channel) -> Node | None:
    """In a goroutine of the function, a statement after `wg.Wait()` other than `close(ch)`:
    it waits for the senders' Done, which a buffer lets come before the receive."""
    body = grammar.function_body(channel.func)
    for statement in grammar.find_all(body, (K.EXPRESSION_STATEMENT,)) if body is not None else []:
        home = grammar.enclosing_function(statement)
        waits = calls.waitgroup_method(ctx, calls.called_statement(statement)) == "Wait"
        if not waits or goroutines.start_of(ctx, home, channel.func) is None or statement.parent is None:
            continue
        for later in grammar.named(statement.parent):
            if (
                later.start_byte > statement.start_byte
                and channels.quiet_step(ctx, ctx.file, later, channel.symbol) != "close"
            ):
                return later
    return None


# --- a range that never ends ------------------------------------------------------------------


def _only_normal_exit(ctx: Context, range_clause: Node) -> bool:
    """The range loop has no return, break or goto out of it, and nothing in it ends the goroutine
    (`t.Fatalf` on the first value) or the program: only the channel's close can end it."""
    loop = range_clause.parent
    body = loop.child_by_field_name(F.BODY) if loop is not None else None
    if body is None:
        return False
    if any(True for _ in flow.returns_in(body)):
        return False
    for statement in flow.in_same_function(body, (K.EXPRESSION_STATEMENT,)):
        if calls.ending(ctx, statement) is not None:
            return False
    for branch in flow.branches_in(body):
        if branch.type == K.GOTO_STATEMENT:
            return False
        target = flow.branch_target(branch)
        if branch.type == K.BREAK_STATEMENT and target is not None and not grammar.is_within(target, body):
            return False
    return True


def _never_closed_finding(ctx: Context, channel: Channel, range_clause: Node) -> Finding:
    name = channel.name
    message = (
        f"this range over {name} never ends: nothing closes {name}, so the loop blocks forever "
        "after the last send; close it once every sender is done"
    )
    senders = [s for s in channel.senders if s.sends]
    sender = senders[0]
    body = sender.body.child_by_field_name(F.BODY)
    alone = len(senders) == 1 and sender.callee is None
    if not alone or body is None or loops.loops_between(sender.start, channel.make, channel.func):
        message += " (a sync.WaitGroup and a goroutine that waits, then closes it)"
        return ctx.finding(range_clause, message)
    indent = ctx.indent_of(sender.start) + "\t"
    fix = ctx.fix(
        f"close {name} when the goroutine is done: defer close({name})",
        ctx.insert(body.start_byte + 1, f"\n{indent}defer close({name})"),
        safety=Safety.SUGGESTION,
    )
    return ctx.finding(range_clause, message, fix)


RULE = Rule(
    id=RULE_ID,
    name="hanging-goroutine",
    title="goroutine blocked forever sending on a channel whose receiver gave up",
    check=check,
    doc=__doc__,
    fix_safety=Safety.SAFE,
    needles=(b"go ", b"go\t", b".Go(", b"<-"),
    options={FAILURE_PATHS: FAILURE_PATHS_HELP},
)
