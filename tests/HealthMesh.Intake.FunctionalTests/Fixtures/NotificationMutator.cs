using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HealthMesh.Intake.FunctionalTests.Fixtures;

/// <summary>
/// Deterministic mutations of a valid notification body (fixed seed): byte flips, truncation, deleted and duplicated
/// properties, values of the wrong JSON type, huge strings, wrong resourceType, nested garbage, repeated array items.
/// </summary>
public sealed class NotificationMutator(int seed)
{
    private static readonly string[] ResourceTypes = ["Patient", "Bundle", "Parameters", "OperationOutcome", "Encounter", "DiagnosticReport", "Bogus", "", "encounter"];

    private readonly Random random = new(seed);

    public byte[] Mutate(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var rounds = random.Next(1, 4);
        for (var round = 0; round < rounds; round++)
        {
            bytes = random.Next(10) switch
            {
                0 => FlipBytes(bytes),
                1 => bytes[..random.Next(bytes.Length + 1)],
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

    /// <summary>Null when the body no longer parses as JSON (an earlier round broke it).</summary>
    private byte[]? MutateTree(byte[] bytes)
    {
        JsonNode? root;
        var containers = new List<JsonNode>();
        try
        {
            root = JsonNode.Parse(bytes);
            Collect(root, containers);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not (UTF-8) JSON any more, or a property a previous round duplicated (JsonObject refuses repeated names).
            return null;
        }

        if (containers.Count == 0)
        {
            return null;
        }

        var target = containers[random.Next(containers.Count)];
        string? duplicate = null;
        if (target is JsonObject obj && obj.Count > 0)
        {
            var name = obj.ElementAt(random.Next(obj.Count)).Key;
            switch (random.Next(6))
            {
                case 0:
                    obj.Remove(name);
                    break;
                case 1:
                    duplicate = name;
                    break;
                case 2:
                    obj[name] = WrongType();
                    break;
                case 3:
                    // Now and then past the 4 MiB limit (413); mostly large but accepted sizes.
                    obj[name] = new string((char)random.Next('a', 'z' + 1), random.Next(25) == 0 ? 4_200_000 : random.Next(1_000, 200_000));
                    break;
                case 4:
                    obj[obj.ContainsKey("resourceType") && random.Next(2) == 0 ? "resourceType" : name] = ResourceTypes[random.Next(ResourceTypes.Length)];
                    break;
                default:
                    obj[name] = Garbage(random.Next(1, 80));
                    break;
            }
        }
        else if (target is JsonArray array && array.Count > 0)
        {
            var index = random.Next(array.Count);
            switch (random.Next(3))
            {
                case 0:
                    array.RemoveAt(index);
                    break;
                case 1:
                    array.Add(array[index]?.DeepClone());
                    break;
                default:
                    array[index] = random.Next(2) == 0 ? WrongType() : Garbage(random.Next(1, 80));
                    break;
            }
        }

        var text = root!.ToJsonString();
        if (duplicate is not null)
        {
            // JsonObject cannot hold a name twice; the duplicate goes in as text, with another value.
            var marker = $"\"{duplicate}\":";
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text.Insert(at, $"{marker}{WrongType()?.ToJsonString() ?? "null"},");
            }
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private JsonNode? WrongType() => random.Next(7) switch
    {
        0 => JsonValue.Create(random.Next(-1000, 1000)),
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => null,
        3 => new JsonArray(),
        4 => new JsonObject(),
        5 => JsonValue.Create(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        _ => JsonValue.Create("\u0000<script>\uFFFD" + random.Next()),
    };

    private JsonNode Garbage(int depth)
    {
        JsonNode node = random.Next(2) == 0 ? JsonValue.Create("x")! : new JsonObject { ["resourceType"] = "Parameters" };
        for (var level = 0; level < depth; level++)
        {
            node = random.Next(2) == 0 ? new JsonArray(node) : new JsonObject { [$"k{level}"] = node, ["resourceType"] = ResourceTypes[random.Next(ResourceTypes.Length)] };
        }

        return node;
    }

    private static void Collect(JsonNode? node, List<JsonNode> containers)
    {
        switch (node)
        {
            case JsonObject obj:
                containers.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Collect(child, containers);
                }

                break;
            case JsonArray array:
                containers.Add(array);
                foreach (var child in array)
                {
                    Collect(child, containers);
                }

                break;
        }
    }
}
