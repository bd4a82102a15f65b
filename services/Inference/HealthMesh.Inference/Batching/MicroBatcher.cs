using System.Threading.Channels;

namespace HealthMesh.Inference.Batching;

/// <summary>
/// Dynamic micro-batching: concurrent callers' requests are queued; a collector takes the first waiting request,
/// gathers more until the batch is full or <see cref="MicroBatchingOptions.MaxWait"/> has passed, splits them by
/// bucket (requests of one bucket pad to the same length) and runs each group as one batch, handing every caller
/// its own result. While batches run the queue fills, so batches grow with load and stay small when idle.
/// </summary>
public sealed class MicroBatcher<TRequest, TResult> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TRequest>, CancellationToken, IReadOnlyList<TResult>> _runBatch;
    private readonly Func<TRequest, int> _bucketOf;
    private readonly MicroBatchingOptions _options;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _collector;

    public MicroBatcher(Func<IReadOnlyList<TRequest>, CancellationToken, IReadOnlyList<TResult>> runBatch, Func<TRequest, int> bucketOf, MicroBatchingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentBatches, 1);
        _runBatch = runBatch;
        _bucketOf = bucketOf;
        _options = options;
        _slots = new SemaphoreSlim(options.MaxConcurrentBatches);
        _collector = Task.Run(CollectAsync);
    }

    public Task<TResult> RunAsync(TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(MicroBatcher<TRequest, TResult>));
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _collector.ConfigureAwait(false);
        for (var i = 0; i < _options.MaxConcurrentBatches; i++)
        {
            await _slots.WaitAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _slots.Dispose();
    }

    private async Task CollectAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // A free slot first: requests arriving meanwhile join this batch instead of queueing behind it.
            await _slots.WaitAsync().ConfigureAwait(false);
            batch.Clear();
            var deadline = DateTime.UtcNow + _options.MaxWait;
            while (batch.Count < _options.MaxBatchSize)
            {
                if (reader.TryRead(out var next))
                {
                    if (!next.CancellationToken.IsCancellationRequested)
                    {
                        batch.Add(next);
                    }

                    continue;
                }

                var left = deadline - DateTime.UtcNow;
                if (batch.Count == 0 || left <= TimeSpan.Zero)
                {
                    break;
                }

                using var wait = new CancellationTokenSource(left);
                try
                {
                    if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (wait.IsCancellationRequested)
                {
                    break;
                }
            }

            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }

            var groups = batch.GroupBy(p => _bucketOf(p.Request)).Select(g => g.ToList()).ToList();
            _ = Task.Run(() => RunGroups(groups));
        }
    }

    private void RunGroups(List<List<Pending>> groups)
    {
        try
        {
            foreach (var group in groups)
            {
                try
                {
                    var results = _runBatch([.. group.Select(p => p.Request)], _stopping.Token);
                    if (results.Count != group.Count)
                    {
                        throw new InvalidOperationException($"A batch of {group.Count} requests returned {results.Count} results.");
                    }

                    for (var i = 0; i < group.Count; i++)
                    {
                        group[i].Completion.TrySetResult(results[i]);
                    }
                }
                catch (Exception e)
                {
                    foreach (var pending in group)
                    {
                        pending.Completion.TrySetException(e);
                    }
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private sealed record Pending(TRequest Request, TaskCompletionSource<TResult> Completion, CancellationToken CancellationToken);
}
