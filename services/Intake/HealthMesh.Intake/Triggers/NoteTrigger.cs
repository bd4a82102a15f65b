using HealthMesh.Contracts;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.Triggers;

/// <summary>
/// Decides whether a resource starts a note, by the configured <see cref="TriggerOptions"/> (compiled once; the first
/// matching rule wins). Defaults: a finished Encounter, or a final radiology/imaging DiagnosticReport.
/// </summary>
public sealed partial class NoteTrigger
{
    private static readonly CompiledExpression StatusOf = new FhirPathCompiler().Compile("status");

    private readonly IReadOnlyList<(TriggerOptions Rule, CompiledExpression Criteria)> rules;
    private readonly ILogger<NoteTrigger> logger;

    public NoteTrigger(IOptions<IntakeOptions> options, ILogger<NoteTrigger> logger)
    {
        var compiler = new FhirPathCompiler();
        rules = [.. options.Value.EffectiveTriggers.Select(t => (t, compiler.Compile(t.Criteria)))];
        this.logger = logger;
    }

    public TriggerDecision Classify(Resource focus)
    {
        var candidates = rules.Where(r => r.Rule.ResourceType == focus.TypeName).ToList();
        foreach (var (rule, criteria) in candidates)
        {
            bool matches;
            try
            {
                matches = criteria.Predicate(focus, new EvaluationContext());
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or InvalidCastException)
            {
                // A criterion that does not fit this instance (e.g. a comparison on a repeated element): not a match,
                // and said so in the journal and the log rather than failing the delivery.
                LogCriteriaFailed(focus.TypeName, rule.Description, e.GetType().Name);
                continue;
            }

            if (matches)
            {
                return TriggerDecision.Trigger(rule.NoteKind);
            }
        }

        if (candidates.Count == 0)
        {
            return TriggerDecision.Ignore($"{focus.TypeName} does not trigger a note");
        }

        // The status is a code, never PHI, and is what an integration engineer checks first.
        var status = Convert.ToString(StatusOf.Scalar(focus.ToPocoNode(ModelInfo.ModelInspector), new EvaluationContext()), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } code ? code : "missing";
        return TriggerDecision.Ignore(
            $"{focus.TypeName} (status '{status}') is not {string.Join(" or ", candidates.Select(c => c.Rule.Description))}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger '{Description}' could not be evaluated on a {ResourceType} ({Error}); treated as no match")]
    private partial void LogCriteriaFailed(string resourceType, string description, string error);
}
