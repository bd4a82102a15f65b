using System.Collections;
using Hl7.Fhir.Model;

namespace HealthMesh.EhrSandbox.Bundles;

/// <summary>Rewrites references to other entries of a transaction (their fullUrl, e.g. <c>urn:uuid:…</c>) to the ids they were given.</summary>
internal static class BundleReferences
{
    public static void Rewrite(Base element, IReadOnlyDictionary<string, string> ids)
    {
        if (element is ResourceReference { Reference: { } reference } resourceReference && ids.TryGetValue(reference, out var rewritten))
        {
            resourceReference.Reference = rewritten;
        }

        foreach (var (_, value) in element.EnumerateElements())
        {
            switch (value)
            {
                case Base child:
                    Rewrite(child, ids);
                    break;
                case IEnumerable children:
                    foreach (var item in children.OfType<Base>())
                    {
                        Rewrite(item, ids);
                    }

                    break;
            }
        }
    }
}
