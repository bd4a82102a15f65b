using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>
/// Deterministic mutations of a valid FHIR XML notification (fixed seed): byte flips, truncation, deleted, duplicated
/// and renamed elements, bad <c>value</c> attributes, wrong root resource types, deep nesting, and DTDs with entity
/// expansion (which must be refused, never expanded).
/// </summary>
public sealed class XmlNotificationMutator(int seed)
{
    private static readonly string[] ResourceTypes = ["Patient", "Bundle", "Parameters", "OperationOutcome", "Encounter", "DiagnosticReport", "Bogus", "encounter"];

    private const string BillionLaughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>";

    private readonly Random random = new(seed);

    public byte[] Mutate(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var rounds = random.Next(1, 4);
        for (var round = 0; round < rounds; round++)
        {
            bytes = random.Next(12) switch
            {
                0 => FlipBytes(bytes),
                1 => bytes[..random.Next(bytes.Length + 1)],
                2 => Encoding.UTF8.GetBytes(BillionLaughs + StripDeclaration(Encoding.UTF8.GetString(bytes)).Replace("value=\"", "value=\"&lol3;", StringComparison.Ordinal)),
                _ => MutateTree(bytes) ?? FlipBytes(bytes),
            };
        }

        return bytes;
    }

    private byte[] FlipBytes(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var flips = random.Next(1, 5); flips > 0 && copy.Length > 0; flips--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    /// <summary>Null when the body no longer parses as XML (an earlier round broke it).</summary>
    private byte[]? MutateTree(byte[] bytes)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(bytes);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }

        var elements = document.Descendants().ToList();
        if (elements.Count == 0)
        {
            return null;
        }

        var target = elements[random.Next(elements.Count)];
        switch (random.Next(7))
        {
            case 0 when target.Parent is not null:
                target.Remove();
                break;
            case 1 when target.Parent is not null:
                target.AddAfterSelf(new XElement(target));
                break;
            case 2:
                target.SetAttributeValue("value", random.Next(3) switch
                {
                    0 => "not-a-" + random.Next(),
                    1 => new string((char)random.Next('a', 'z' + 1), random.Next(25) == 0 ? 4_200_000 : random.Next(1_000, 200_000)),
                    _ => "\uFFFD<&>" + long.MaxValue,
                });
                break;
            case 3:
                target.Name = target.Name.Namespace + ResourceTypes[random.Next(ResourceTypes.Length)];
                break;
            case 4:
                target.Name = random.Next(2) == 0 ? XName.Get(target.Name.LocalName) : XName.Get(target.Name.LocalName, "urn:not-fhir");
                break;
            case 5:
                var nested = new XElement(target.Name.Namespace + "extension");
                for (var level = random.Next(1, 200); level > 0; level--)
                {
                    nested = new XElement(target.Name.Namespace + "extension", new XAttribute("url", "urn:x"), nested);
                }

                target.Add(nested);
                break;
            default:
                target.SetAttributeValue("id", "not an id " + random.Next());
                target.Add(new XText("stray text"));
                break;
        }

        try
        {
            return Encoding.UTF8.GetBytes(document.ToString(SaveOptions.DisableFormatting));
        }
        catch (Exception e) when (e is XmlException or InvalidOperationException or ArgumentException)
        {
            // The mutation made a tree XML cannot write (e.g. a root renamed out of the namespace its xmlns declares).
            return null;
        }
    }

    private static string StripDeclaration(string xml) =>
        xml.StartsWith("<?xml", StringComparison.Ordinal) && xml.IndexOf("?>", StringComparison.Ordinal) is var end and > 0 ? xml[(end + 2)..] : xml;
}
