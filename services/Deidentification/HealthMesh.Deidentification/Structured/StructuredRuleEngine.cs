using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured.Processors;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.Deidentification.Structured.Selection;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured;

/// <summary>
/// De-identifies one resource in place by its profile: each rule in order selects elements by FHIRPath and hands the
/// ones no earlier rule took (nor anything under them) to its method's processor; the changes reported become
/// <c>meta.security</c> labels and audit counts. Contained resources are processed as resources of their own first.
/// The resource is walked once and paths of the usual shapes select from that walk (<see cref="DirectPath"/>); only
/// other paths are evaluated as FHIRPath.
/// </summary>
public sealed class StructuredRuleEngine
{
    public StructuredRuleEngine(DeidentificationProfile profile, IServiceProvider processors) =>
        Rules = ProfileValidator.Compile(profile, processors);

    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <param name="referenceYear">The year the record is about, for the 90+ age rule; null when unknown.</param>
    /// <exception cref="ClinicalContextRejectedException">A value cannot be read (a malformed date or reference).</exception>
    /// <exception cref="DeidentificationProfileException">A rule selected an element its method cannot process.</exception>
    public void Deidentify(Resource resource, DeidentificationSession session, int? referenceYear)
    {
        var taken = new HashSet<Base>(ReferenceEqualityComparer.Instance);
        if (resource is DomainResource { Contained.Count: > 0 } container)
        {
            foreach (var contained in container.Contained)
            {
                // A contained id ("#med1") is local to its container: nothing to pseudonymise.
                if (contained.IdElement is { } localId)
                {
                    taken.Add(localId);
                }

                Apply(contained, session, null, taken);
                Take(contained, taken);
            }
        }

        Apply(resource, session, referenceYear, taken);
    }

    private void Apply(Resource resource, DeidentificationSession session, int? referenceYear, HashSet<Base> taken)
    {
        var changes = ResourceChanges.None;
        var elements = new ResourceElements(resource, taken);
        PocoNode? root = null;
        foreach (var rule in Rules)
        {
            var selected = rule.Direct is { } direct ? direct.Select(elements) : Evaluate(rule, root ??= resource.ToPocoNode());
            foreach (var (element, parent, name) in selected)
            {
                if (!taken.Add(element))
                {
                    continue;
                }

                // Before the processor runs: what it replaces or removes under the element must not be selected later.
                elements.AddWalkedBelow(element, taken);
                ProcessResult result;
                try
                {
                    result = rule.Processor.Process(new ElementContext(element, parent, name, resource, session, referenceYear), rule.Settings);
                }
                catch (UnsupportedElementException e)
                {
                    throw new DeidentificationProfileException(rule.Number, rule.Rule.Path, rule.Rule.Method, e.Message + ".");
                }

                changes |= result.Changes;
                session.Audit.Count(rule.Kind, rule.Rule.Method, result.Count);
                Take(element, taken);
            }
        }

        SecurityLabels.Stamp(resource, changes);
    }

    private static List<SelectedElement> Evaluate(CompiledRule rule, PocoNode root) =>
        rule.Select(root, new FhirEvaluationContext())
            .Where(n => n.Poco is not null)
            .Select(n => new SelectedElement(n.Poco!, n.Parent?.Poco, n.Name))
            .ToList();

    // The element and everything under it now, including what its processor put there.
    private static void Take(Base element, HashSet<Base> taken)
    {
        taken.Add(element);
        foreach (var (_, value) in element.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    Take(single, taken);
                    break;
                case System.Collections.IEnumerable many and not string:
                    foreach (var item in many)
                    {
                        if (item is Base child)
                        {
                            Take(child, taken);
                        }
                    }

                    break;
            }
        }
    }
}
