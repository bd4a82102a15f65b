using System.Net.Http.Headers;
using Polly.Retry;

namespace HealthMesh.ServiceDefaults.Ehr;

/// <summary>
/// The retry delay for EHR calls: what the EHR asked for in <c>Retry-After</c> (delta-seconds or HTTP-date), at most
/// <see cref="EhrOptions.MaxRetryAfter"/>; without the header, the strategy's own exponential backoff.
/// </summary>
public static class EhrRetryDelay
{
    public static Func<RetryDelayGeneratorArguments<HttpResponseMessage>, ValueTask<TimeSpan?>> Create(TimeProvider clock, TimeSpan maxRetryAfter) =>
        args => ValueTask.FromResult(FromRetryAfter(args.Outcome.Result?.Headers.RetryAfter, clock.GetUtcNow(), maxRetryAfter));

    public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now, TimeSpan max)
    {
        var wait = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        if (wait is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
    }
}
