using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace HealthMesh.Inference.Models;

/// <summary>
/// Checks a manifest against the graph ONNX Runtime actually loaded: every name the manifest gives exists with the
/// element type and rank its task needs, every graph input is one the runtime will feed, fixed label dimensions match
/// the label list. Returns every problem at once, each naming the tensor, what the graph has and what was expected.
/// </summary>
public static class ModelContractValidator
{
    public static IReadOnlyList<string> Validate(ModelManifest manifest, IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var problems = new List<string>();
        if (manifest.MaxLength <= 0)
        {
            problems.Add($"manifest maxLength is {manifest.MaxLength}; it must be positive");
        }

        var names = manifest.InputNames;
        var fed = new HashSet<string>(StringComparer.Ordinal);
        Expect(problems, inputs, "input", names.InputIds, "inputs.inputIds", TensorElementType.Int64, [2], fed);
        if (names.AttentionMask is { } mask)
        {
            Expect(problems, inputs, "input", mask, "inputs.attentionMask", TensorElementType.Int64, [2], fed);
        }

        if (names.TokenTypeIds is { } types)
        {
            Expect(problems, inputs, "input", types, "inputs.tokenTypeIds", TensorElementType.Int64, [2], fed);
        }

        var labels = manifest.Labels ?? [];
        switch (manifest.Task)
        {
            case ModelTask.TextEmbedding:
                Expect(problems, outputs, "output", manifest.Output, "output", TensorElementType.Float, [2, 3], null);
                break;
            case ModelTask.SequenceClassification:
                RequireLabels(problems, labels);
                Expect(problems, outputs, "output", manifest.Output, "output", TensorElementType.Float, [2], null);
                LastDimension(problems, outputs, manifest.Output, labels.Count);
                break;
            case ModelTask.TokenClassification:
                RequireLabels(problems, labels);
                Expect(problems, outputs, "output", manifest.Output, "output", TensorElementType.Float, [3], null);
                LastDimension(problems, outputs, manifest.Output, labels.Count);
                break;
            case ModelTask.CausalGeneration:
                Expect(problems, outputs, "output", manifest.Output, "output", TensorElementType.Float, [3], null);
                if (names.AttentionMask is null)
                {
                    problems.Add("a causal generation model needs inputs.attentionMask (past + new positions)");
                }

                if (manifest.Cache is not { Layers: > 0 } cache)
                {
                    problems.Add("a causal generation model needs cache.layers (the key-value cache tensors per layer)");
                    break;
                }

                for (var layer = 0; layer < cache.Layers; layer++)
                {
                    Expect(problems, inputs, "input", Layer(cache.PastKey, layer), "cache.pastKey", TensorElementType.Float, [4], fed);
                    Expect(problems, inputs, "input", Layer(cache.PastValue, layer), "cache.pastValue", TensorElementType.Float, [4], fed);
                    Expect(problems, outputs, "output", Layer(cache.PresentKey, layer), "cache.presentKey", TensorElementType.Float, [4], null);
                    Expect(problems, outputs, "output", Layer(cache.PresentValue, layer), "cache.presentValue", TensorElementType.Float, [4], null);
                }

                break;
            default:
                problems.Add($"manifest task '{manifest.Task}' is not one of {string.Join(", ", Enum.GetNames<ModelTask>())}");
                break;
        }

        foreach (var input in inputs.Keys.Where(i => !fed.Contains(i)).Order(StringComparer.Ordinal))
        {
            problems.Add($"graph input '{input}' is not named by the manifest, so nothing would feed it");
        }

        return problems;
    }

    public static string Layer(string pattern, int layer) => string.Format(CultureInfo.InvariantCulture, pattern, layer);

    private static void RequireLabels(List<string> problems, IReadOnlyList<string> labels)
    {
        if (labels.Count == 0)
        {
            problems.Add("manifest labels are empty; a classification model needs one label per logit");
        }
        else if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            problems.Add("manifest labels contain duplicates");
        }
    }

    private static void LastDimension(List<string> problems, IReadOnlyDictionary<string, NodeMetadata> outputs, string name, int labels)
    {
        if (labels > 0 && outputs.TryGetValue(name, out var meta) && meta.IsTensor && meta.Dimensions.Length > 0
            && meta.Dimensions[^1] > 0 && meta.Dimensions[^1] != labels)
        {
            problems.Add($"graph output '{name}' has {meta.Dimensions[^1]} classes in its last dimension but the manifest lists {labels} labels");
        }
    }

    private static void Expect(List<string> problems, IReadOnlyDictionary<string, NodeMetadata> graph, string direction, string name, string field, TensorElementType type, int[] ranks, HashSet<string>? fed)
    {
        if (!graph.TryGetValue(name, out var meta))
        {
            var available = string.Join(", ", graph.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));
            problems.Add($"manifest {field} names graph {direction} '{name}', which the graph does not have (its {direction}s: {available})");
            return;
        }

        fed?.Add(name);
        if (!meta.IsTensor)
        {
            problems.Add($"graph {direction} '{name}' is a {meta.OnnxValueType}, not a tensor");
            return;
        }

        if (meta.ElementDataType != type)
        {
            problems.Add($"graph {direction} '{name}' ({field}) holds {Describe(meta.ElementDataType)}, expected {Describe(type)}");
        }

        if (!ranks.Contains(meta.Dimensions.Length))
        {
            problems.Add($"graph {direction} '{name}' ({field}) has rank {meta.Dimensions.Length} [{string.Join(", ", meta.Dimensions)}], expected rank {string.Join(" or ", ranks)}");
        }
    }

    private static string Describe(TensorElementType type) => type.ToString().ToLowerInvariant();
}
