using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>Failed-message queues beyond HealthMesh's own. Section <c>HealthMesh:FailedMessages</c>.</summary>
public sealed class FailedMessagesOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:FailedMessages";

    /// <summary>
    /// Further RabbitMQ error or dead-letter queues to list, retry and park beside HealthMesh's own (an interface
    /// engine's <c>adt-feed_error</c>, a dead-letter exchange's queue). A name ending in <c>_error</c> or <c>_skipped</c>
    /// is retried to the queue without the suffix; any other name says where its messages are retried to after
    /// <c>=</c>: <c>ehr-events.dead=ehr-events</c>. Parked messages go to <c>&lt;retry queue&gt;_parking</c>. Default none.
    /// </summary>
    public List<string> ExtraQueues { get; set; } = [];

    /// <summary>Each extra queue with the queue its messages are retried to.</summary>
    public IReadOnlyList<(string Queue, string RetryTo)> Parse() =>
    [
        .. ExtraQueues.Select(entry => entry.Split('=', 2, StringSplitOptions.TrimEntries) switch
        {
            [var queue, var retryTo] => (queue, retryTo),
            [var queue] => (queue, KnownFailedQueues.InputOf(queue)),
            _ => throw new InvalidOperationException("Unreachable: Split returns one or two parts."),
        }),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (queue, retryTo) in Parse())
        {
            if (queue.Length == 0 || retryTo.Length == 0)
            {
                yield return new ValidationResult($"{SectionName}:ExtraQueues has an empty queue name in '{queue}={retryTo}'.", [nameof(ExtraQueues)]);
            }
            else if (queue == retryTo)
            {
                yield return new ValidationResult(
                    $"{SectionName}:ExtraQueues: '{queue}' does not end in _error or _skipped; say which queue its messages are retried to: '{queue}=<input queue>'.",
                    [nameof(ExtraQueues)]);
            }
        }
    }
}
