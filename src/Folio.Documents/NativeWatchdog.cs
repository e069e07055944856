using System.Collections.Concurrent;
using System.Diagnostics;

namespace Folio.Documents;

/// <summary>
/// Runs native calls that cannot be interrupted (poppler opening a PDF, rendering a page: poppler-glib has no abort
/// callback) on a thread of their own, so the caller can stop waiting. When the call's budget ends, or the caller's
/// token is cancelled, the caller gets its answer at once and the call is left to finish on its thread, holding what
/// it holds. Those still running past their budget are listed by <see cref="Overruns"/>: a host's liveness check
/// reports a process whose abandoned calls run on and on, so that it is restarted.
/// </summary>
public static class NativeWatchdog
{
    private static readonly ConcurrentDictionary<long, RunningCall> Running = new();
    private static long s_lastId;

    /// <summary>The calls running now past their budget, longest first.</summary>
    public static IReadOnlyList<NativeOverrun> Overruns()
    {
        var now = Stopwatch.GetTimestamp();
        return Running.Values
            .Where(call => call.TimedOut || Stopwatch.GetElapsedTime(call.Started, now) > call.Budget)
            .Select(call => new NativeOverrun(call.What, call.Budget, Stopwatch.GetElapsedTime(call.Started, now)))
            .OrderByDescending(call => call.Elapsed)
            .ToArray();
    }

    /// <summary>
    /// Runs <paramref name="call"/> on a thread of its own (<see cref="CallThread"/>) and waits for it at most <paramref name="budget"/>.
    /// Its result or exception comes back as if it ran here. Past the budget, <paramref name="overrun"/>'s exception is
    /// thrown; on cancellation, <see cref="OperationCanceledException"/>. Either way the call runs on, and whatever it
    /// returns late goes to <paramref name="discard"/> (to free native resources the caller will never see).
    /// </summary>
    /// <remarks>
    /// Not the thread pool's: an abandoned call may hold its thread for minutes. Handing a call to a waiting thread costs
    /// about 15 µs (starting a new thread for each call measured 200–600 µs on a loaded 2-core machine), against the
    /// 5–40 ms of a page rendered at 150 dpi.
    /// </remarks>
    internal static T Run<T>(string what, TimeSpan budget, Func<T> call, Func<DocumentException> overrun, Action<T>? discard, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref s_lastId);
        var outcome = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new RunningCall(what, budget, Stopwatch.GetTimestamp());
        Running[id] = running;
        CallThread.Run(() =>
        {
            try
            {
                var result = call();
                Running.TryRemove(id, out _);
                outcome.SetResult(result);
            }
            catch (Exception ex)
            {
                // Handed to the waiting caller, or observed by Abandon's continuation.
                Running.TryRemove(id, out _);
                outcome.SetException(ex);
            }
        });

        var milliseconds = budget == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(Math.Ceiling(budget.TotalMilliseconds), 0, int.MaxValue);
        try
        {
            // WaitAny: a call that threw is not an error of the wait; its exception comes back below, as it was thrown.
            if (Task.WaitAny([outcome.Task], milliseconds, cancellationToken) < 0)
            {
                // Listed as an overrun from now: a timed wait may end a few milliseconds before the clock says so.
                running.TimedOut = true;
                Abandon(outcome.Task, discard);
                throw overrun();
            }
        }
        catch (OperationCanceledException)
        {
            Abandon(outcome.Task, discard);
            throw;
        }

        return outcome.Task.GetAwaiter().GetResult();
    }

    private static void Abandon<T>(Task<T> late, Action<T>? discard) =>
        late.ContinueWith(
            task =>
            {
                if (task.IsCompletedSuccessfully)
                {
                    discard?.Invoke(task.Result);
                }
                else
                {
                    _ = task.Exception; // observed: nobody waits for it any more
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);

    private sealed record RunningCall(string What, TimeSpan Budget, long Started)
    {
        /// <summary>Whether its caller stopped waiting at the budget.</summary>
        public volatile bool TimedOut;
    }

    /// <summary>
    /// Background threads that run the calls, reused: a call takes a waiting thread or starts a new one, and a thread
    /// whose call ends, however late, waits for the next. So there are never more than the most calls that ran at once,
    /// abandoned ones included; idle, a thread costs its stack's address space.
    /// </summary>
    private sealed class CallThread
    {
        private static readonly ConcurrentStack<CallThread> Waiting = new();
        private readonly object _gate = new();
        private Action? _next;

        /// <summary>Runs <paramref name="work"/>, which must not throw, on a waiting thread or a new one.</summary>
        public static void Run(Action work)
        {
            if (Waiting.TryPop(out var waiting))
            {
                lock (waiting._gate)
                {
                    waiting._next = work;
                    Monitor.Pulse(waiting._gate);
                }

                return;
            }

            var thread = new CallThread { _next = work };
            new Thread(thread.Loop) { IsBackground = true, Name = "folio native call" }.Start();
        }

        private void Loop()
        {
            while (true)
            {
                Action work;
                lock (_gate)
                {
                    while (_next is null)
                    {
                        Monitor.Wait(_gate);
                    }

                    work = _next;
                    _next = null;
                }

                work();
                Waiting.Push(this);
            }
        }
    }
}

/// <summary>A native call still running past its budget, its caller long gone.</summary>
/// <param name="What">What it does, such as <c>PDF page render</c>.</param>
/// <param name="Budget">The time it was given.</param>
/// <param name="Elapsed">The time it has run so far.</param>
public sealed record NativeOverrun(string What, TimeSpan Budget, TimeSpan Elapsed);
