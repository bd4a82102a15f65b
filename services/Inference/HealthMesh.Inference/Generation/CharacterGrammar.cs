namespace HealthMesh.Inference.Generation;

/// <summary>
/// A regular language over characters, built from combinators into an NFA (Thompson construction). A parse state is
/// the set of NFA nodes reachable so far; it is immutable, so decoding can test tokens and branch beams freely.
/// </summary>
public sealed class CharacterGrammar
{
    private readonly List<List<Edge>> _edges = [];
    private int _start;
    private int _accept;

    public readonly record struct Fragment(int In, int Out);

    private readonly record struct Edge(Func<char, bool>? Accepts, char Example, int Target);

    public GrammarState Start => Closure([_start]);

    public Fragment Literal(string text)
    {
        var first = Node();
        var current = first;
        foreach (var c in text)
        {
            var next = Node();
            _edges[current].Add(new Edge(x => x == c, c, next));
            current = next;
        }

        return new Fragment(first, current);
    }

    /// <summary>One character accepted by <paramref name="accepts"/>; <paramref name="example"/> is one such character.</summary>
    public Fragment Character(Func<char, bool> accepts, char example)
    {
        var (a, b) = (Node(), Node());
        _edges[a].Add(new Edge(accepts, example, b));
        return new Fragment(a, b);
    }

    public Fragment Sequence(params Fragment[] parts)
    {
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            Epsilon(parts[i].Out, parts[i + 1].In);
        }

        return new Fragment(parts[0].In, parts[^1].Out);
    }

    public Fragment Choice(params Fragment[] options)
    {
        var (a, b) = (Node(), Node());
        foreach (var option in options)
        {
            Epsilon(a, option.In);
            Epsilon(option.Out, b);
        }

        return new Fragment(a, b);
    }

    public Fragment ZeroOrMore(Fragment inner)
    {
        var (a, b) = (Node(), Node());
        Epsilon(a, inner.In);
        Epsilon(a, b);
        Epsilon(inner.Out, inner.In);
        Epsilon(inner.Out, b);
        return new Fragment(a, b);
    }

    public CharacterGrammar Complete(Fragment root)
    {
        (_start, _accept) = (root.In, root.Out);
        return this;
    }

    /// <summary>The state after <paramref name="text"/>, or null when the text leaves the language.</summary>
    public GrammarState? Advance(GrammarState state, string text)
    {
        var nodes = state.Nodes;
        foreach (var c in text)
        {
            var next = new List<int>();
            foreach (var node in nodes)
            {
                foreach (var edge in _edges[node])
                {
                    if (edge.Accepts is { } accepts && accepts(c))
                    {
                        next.Add(edge.Target);
                    }
                }
            }

            if (next.Count == 0)
            {
                return null;
            }

            nodes = Closure(next).Nodes;
        }

        return new GrammarState(nodes);
    }

    public bool IsComplete(GrammarState state) => Array.BinarySearch(state.Nodes, _accept) >= 0;

    /// <summary>Shortest text that completes the language from <paramref name="state"/> (0-1 breadth-first search).</summary>
    public string ShortestCompletion(GrammarState state)
    {
        var previous = new Dictionary<int, (int From, char? Via)>();
        var queue = new LinkedList<int>();
        foreach (var node in state.Nodes)
        {
            previous[node] = (-1, null);
            queue.AddLast(node);
        }

        var distance = state.Nodes.ToDictionary(n => n, _ => 0);
        while (queue.Count > 0)
        {
            var node = queue.First!.Value;
            queue.RemoveFirst();
            if (node == _accept)
            {
                var text = new List<char>();
                for (var at = node; previous[at].From >= 0; at = previous[at].From)
                {
                    if (previous[at].Via is { } c)
                    {
                        text.Add(c);
                    }
                }

                text.Reverse();
                return new string([.. text]);
            }

            foreach (var edge in _edges[node])
            {
                var cost = edge.Accepts is null ? 0 : 1;
                var d = distance[node] + cost;
                if (!distance.TryGetValue(edge.Target, out var known) || d < known)
                {
                    distance[edge.Target] = d;
                    previous[edge.Target] = (node, edge.Accepts is null ? null : edge.Example);
                    if (cost == 0)
                    {
                        queue.AddFirst(edge.Target);
                    }
                    else
                    {
                        queue.AddLast(edge.Target);
                    }
                }
            }
        }

        throw new InvalidOperationException("The grammar cannot be completed from this state.");
    }

    private GrammarState Closure(IEnumerable<int> nodes)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(nodes);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (seen.Add(node))
            {
                foreach (var edge in _edges[node].Where(e => e.Accepts is null))
                {
                    stack.Push(edge.Target);
                }
            }
        }

        var sorted = seen.ToArray();
        Array.Sort(sorted);
        return new GrammarState(sorted);
    }

    private int Node()
    {
        _edges.Add([]);
        return _edges.Count - 1;
    }

    private void Epsilon(int from, int to) => _edges[from].Add(new Edge(null, '\0', to));
}
