using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured.Processors;
using HealthMesh.Deidentification.Structured.Rules;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured;

/// <summary>
/// De-identifies one resource in place by its profile: each rule in order selects elements by FHIRPath and hands the
/// ones no earlier rule took (nor anything under them) to its method's processor; the changes reported become
/// <c>meta.security</c> labels and audit counts. Contained resources are processed as resources of their own first.
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
        var root = resource.ToPocoNode();
        foreach (var rule in Rules)
        {
            foreach (var (element, parent, name) in Select(rule, resource, root))
            {
                if (!taken.Add(element))
                {
                    continue;
                }

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

    private static List<(Base Element, Base? Parent, string Name)> Select(CompiledRule rule, Resource resource, PocoNode root)
    {
        if (rule.ByType is not { } byType)
        {
            return rule.Select(root, new FhirEvaluationContext())
                .Where(n => n.Poco is not null)
                .Select(n => (n.Poco!, n.Parent?.Poco, n.Name))
                .ToList();
        }

        // Walked directly: evaluating these whole-resource selections through FHIRPath for every rule and resource made
        // structured de-identification an order of magnitude slower than a walk.
        var selected = new List<(Base, Base?, string)>();
        foreach (var (element, parent, name) in Descendants(resource))
        {
            if (element.TypeName != byType.Type)
            {
                continue;
            }

            if (byType.Names is { } names)
            {
                if (names.Contains(name))
                {
                    selected.Add((element, parent, name));
                }

                continue;
            }

            if (byType.Element is null)
            {
                selected.Add((element, parent, name));
                continue;
            }

            foreach (var (childName, value) in element.EnumerateElements())
            {
                if (childName != byType.Element)
                {
                    continue;
                }

                if (value is Base single)
                {
                    selected.Add((single, element, childName));
                }
                else if (value is System.Collections.IEnumerable many)
                {
                    selected.AddRange(many.OfType<Base>().Select(item => ((Base)item, (Base?)element, childName)));
                }
            }
        }

        return selected;
    }

    // Every element under the node with its parent and element name, parents before children (as descendants() does).
    private static IEnumerable<(Base Element, Base Parent, string Name)> Descendants(Base node)
    {
        foreach (var (name, value) in node.EnumerateElements())
        {
            IEnumerable<Base> children = value switch
            {
                Base single => [single],
                System.Collections.IEnumerable many and not string => many.OfType<Base>(),
                _ => [],
            };
            foreach (var child in children)
            {
                yield return (child, node, name);
                foreach (var descendant in Descendants(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static void Take(Base element, HashSet<Base> taken)
    {
        taken.Add(element);
        foreach (var descendant in KnownPhiCollector.Descendants(element))
        {
            taken.Add(descendant);
        }
    }
}
