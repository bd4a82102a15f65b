using System.ComponentModel.DataAnnotations;

namespace HealthMesh.Orchestrator.Review;

/// <summary>Review deadlines and escalation. Section <c>HealthMesh:Review</c>.</summary>
public sealed class ReviewOptions : IValidatableObject
{
    public const string SectionName = "HealthMesh:Review";

    /// <summary>How long a routine draft may wait for review before it is escalated. Default 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a draft with a critical finding may wait. Default 1 hour; must not exceed <see cref="Deadline"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan CriticalDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the deadline monitor looks for overdue drafts. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeadlinePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CriticalDeadline > Deadline)
        {
            yield return new ValidationResult(
                $"{SectionName}:CriticalDeadline ({CriticalDeadline}) must not be longer than {SectionName}:Deadline ({Deadline}).",
                [nameof(CriticalDeadline)]);
        }
    }
}
