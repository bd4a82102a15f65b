using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured.Selection;

/// <summary>
/// One walk of a resource shared by every rule: each element under it in document order (parents before children, as
/// FHIRPath <c>descendants()</c> lists them) with its parent, its element name and where its subtree ends, indexed by
/// type. Walking once per resource instead of once per rule keeps the engine close to a hand-coded walk.
/// </summary>
public sealed class ResourceElements
{
    private readonly List<Node> nodes = [];
    private readonly Dictionary<string, List<int>> byType = new(StringComparer.Ordinal);
    private readonly Dictionary<Base, int> positions = new(ReferenceEqualityComparer.Instance);

    /// <param name="skip">Elements left out with everything under them (contained resources already processed).</param>
    public ResourceElements(Resource resource, IReadOnlySet<Base> skip)
    {
        Resource = resource;
        AddChildren(resource, skip);
    }

    public Resource Resource { get; }

    /// <summary>The elements of type <paramref name="type"/> (FHIR type name) under the resource, in document order.</summary>
    public void AddOfType(string type, List<SelectedElement> into)
    {
        if (!byType.TryGetValue(type, out var indexes))
        {
            return;
        }

        foreach (var index in indexes)
        {
            var node = nodes[index];
            into.Add(new SelectedElement(node.Element, node.Parent, node.Name));
        }
    }

    /// <summary>
    /// Adds the elements that were under <paramref name="element"/> when the resource was walked (a processor may since
    /// have replaced or removed some of them); nothing when it was not walked.
    /// </summary>
    public void AddWalkedBelow(Base element, HashSet<Base> into)
    {
        if (!positions.TryGetValue(element, out var index))
        {
            return;
        }

        for (var i = index + 1; i < nodes[index].End; i++)
        {
            into.Add(nodes[i].Element);
        }
    }

    /// <summary>The child elements named <paramref name="name"/> of <paramref name="parent"/> as they are now.</summary>
    public static void AddChildren(Base parent, string name, List<SelectedElement> into)
    {
        foreach (var (childName, value) in parent.EnumerateElements())
        {
            if (childName != name)
            {
                continue;
            }

            switch (value)
            {
                case Base single:
                    into.Add(new SelectedElement(single, parent, childName));
                    break;
                case System.Collections.IEnumerable many and not string:
                    foreach (var item in many)
                    {
                        if (item is Base child)
                        {
                            into.Add(new SelectedElement(child, parent, childName));
                        }
                    }

                    break;
            }
        }
    }

    private void AddChildren(Base parent, IReadOnlySet<Base> skip)
    {
        foreach (var (name, value) in parent.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    Add(single, parent, name, skip);
                    break;
                case System.Collections.IEnumerable many and not string:
                    foreach (var item in many)
                    {
                        if (item is Base child)
                        {
                            Add(child, parent, name, skip);
                        }
                    }

                    break;
            }
        }
    }

    private void Add(Base element, Base parent, string name, IReadOnlySet<Base> skip)
    {
        if (skip.Contains(element))
        {
            return;
        }

        var index = nodes.Count;
        nodes.Add(new Node(element, parent, name, 0));
        positions.TryAdd(element, index);
        if (!byType.TryGetValue(element.TypeName, out var ofType))
        {
            byType[element.TypeName] = ofType = [];
        }

        ofType.Add(index);
        AddChildren(element, skip);
        nodes[index] = nodes[index] with { End = nodes.Count };
    }

    private readonly record struct Node(Base Element, Base Parent, string Name, int End);
}
