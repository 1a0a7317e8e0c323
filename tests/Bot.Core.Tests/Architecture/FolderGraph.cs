using Mono.Cecil;

namespace Bot.Core.Tests.Architecture;

/// <summary>
/// Which folder of Bot.Core (namespace <c>Bot.Core.&lt;Folder&gt;</c>) uses which, read from the compiled assembly: a type
/// uses another when it names it in a base type, interface, attribute, field, property, event, signature, local variable
/// or an instruction of a method body (generic arguments, arrays and nested types included). The root namespace
/// (<c>Bot.Core</c>: the registration that wires every folder) is the composition root and is left out.
/// </summary>
public sealed class FolderGraph
{
    private const string Root = "Bot.Core";

    private readonly Dictionary<(string From, string To), SortedSet<string>> _edges = [];

    private FolderGraph(ModuleDefinition module)
    {
        foreach (var type in module.GetTypes())
        {
            var from = FolderOf(type);
            if (from is null)
                continue;
            foreach (var used in Uses(type))
            {
                var to = FolderOf(used);
                if (to is null || to == from)
                    continue;
                if (!_edges.TryGetValue((from, to), out var examples))
                    _edges[(from, to)] = examples = new SortedSet<string>(StringComparer.Ordinal);
                examples.Add($"{Outermost(type).FullName} -> {Outermost(used).FullName}");
            }
        }
    }

    /// <summary>The graph of the assembly that holds <paramref name="anyType"/>.</summary>
    public static FolderGraph Of(Type anyType)
    {
        using var module = ModuleDefinition.ReadModule(anyType.Assembly.Location);
        return new FolderGraph(module);
    }

    /// <summary>Every folder that uses another or is used.</summary>
    public IReadOnlySet<string> Folders => _edges.Keys.SelectMany(e => new[] { e.From, e.To }).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every folder-to-folder use.</summary>
    public IEnumerable<(string From, string To)> Edges => _edges.Keys.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal);

    /// <summary>Up to three type-to-type uses behind the folder use <paramref name="from"/> → <paramref name="to"/>.</summary>
    public string Why(string from, string to) => string.Join("; ", _edges[(from, to)].Take(3));

    /// <summary>
    /// Every cycle, once each, as its path of folders with the first repeated at the end (Answering → Hosting → Answering),
    /// and the types that make each step.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var next = _edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();
        foreach (var (from, to) in Edges)
        {
            var back = ShortestPath(next, to, from);
            if (back is null)
                continue;
            var path = new List<string> { from };
            path.AddRange(back);
            // The same cycle is found from each of its edges: keep it once, keyed by its rotation starting at its least folder.
            var ring = path.Take(path.Count - 1).ToList();
            var start = ring.IndexOf(ring.Min(StringComparer.Ordinal)!);
            var key = string.Join(">", ring.Skip(start).Concat(ring.Take(start)));
            if (!seen.Add(key))
                continue;
            var steps = path.Zip(path.Skip(1), (a, b) => $"  {a} -> {b}: {Why(a, b)}");
            cycles.Add(string.Join(" -> ", path) + Environment.NewLine + string.Join(Environment.NewLine, steps));
        }
        return cycles;
    }

    private static List<string>? ShortestPath(Dictionary<string, List<string>> next, string from, string to)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0)
        {
            var at = queue.Dequeue();
            if (at == to)
            {
                var path = new List<string>();
                for (string? step = at; step is not null; step = previous[step])
                    path.Add(step);
                path.Reverse();
                return path;
            }
            foreach (var n in next.GetValueOrDefault(at) ?? [])
            {
                if (previous.TryAdd(n, at))
                    queue.Enqueue(n);
            }
        }
        return null;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    /// <summary>The folder of a type of Bot.Core (<c>Bot.Core.Search.Fields</c> → <c>Search</c>), null for others and the root.</summary>
    private static string? FolderOf(TypeReference type)
    {
        var ns = Outermost(type).Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
            return null;
        return ns[(Root.Length + 1)..].Split('.')[0];
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                        Add(argument);
                    return;
                case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                    Add(specification.ElementType);
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void Attributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
                Add(attribute.AttributeType);
        }
        void Method(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
                Add(parameter.ParameterType);
            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                    Add(argument);
            }
        }

        Add(type.BaseType);
        Attributes(type);
        foreach (var i in type.Interfaces)
            Add(i.InterfaceType);
        foreach (var constraint in type.GenericParameters.SelectMany(p => p.Constraints))
            Add(constraint.ConstraintType);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            Attributes(field);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            Attributes(property);
        }
        foreach (var e in type.Events)
            Add(e.EventType);
        foreach (var method in type.Methods)
        {
            Method(method);
            Attributes(method);
            foreach (var parameter in method.Parameters)
                Attributes(parameter);
            if (!method.HasBody)
                continue;
            foreach (var variable in method.Body.Variables)
                Add(variable.VariableType);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference m:
                        Method(m);
                        break;
                    case FieldReference f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                }
            }
            foreach (var handler in method.Body.ExceptionHandlers)
                Add(handler.CatchType);
        }
        return found;
    }
}
