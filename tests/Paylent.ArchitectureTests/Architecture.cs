using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Paylent.ArchitectureTests;

/// <summary>
/// Reads compiled assemblies with Mono.Cecil and answers the questions the rules ask: which
/// assemblies a layer references, and which types each type touches (signatures, attributes and
/// the instructions of its method bodies), so a rule sees uses a reflection scan would miss.
/// </summary>
public static class Architecture
{
    public static AssemblyDefinition Load(Type anyTypeInAssembly) =>
        AssemblyDefinition.ReadAssembly(anyTypeInAssembly.Assembly.Location);

    public static IReadOnlyList<string> PaylentReferences(AssemblyDefinition assembly) =>
        assembly.MainModule.AssemblyReferences.Select(r => r.Name).Where(n => n.StartsWith("Paylent.", StringComparison.Ordinal)).Order().ToList();

    public static IEnumerable<TypeDefinition> Types(AssemblyDefinition assembly) =>
        assembly.MainModule.Types.SelectMany(Flatten).Where(t => t.Name != "<Module>" && !t.Name.StartsWith('<'));

    /// <summary>
    /// Pairs (type, used type) where a type in module <c>{root}.{A}</c> uses a type in
    /// <c>{root}.{B}</c>, B ≠ A and B ≠ Common: modules speak to each other through ids only.
    /// </summary>
    public static IReadOnlyList<string> CrossModuleUses(AssemblyDefinition assembly, string rootNamespace)
    {
        var violations = new List<string>();
        foreach (var type in Types(assembly))
        {
            var module = ModuleOf(type, rootNamespace);
            if (module is null)
            {
                continue;
            }

            foreach (var used in UsedTypes(type).Select(t => t.FullName).Distinct())
            {
                var usedModule = ModuleOf(used, rootNamespace);
                if (usedModule is not null && usedModule != module && usedModule != "Common")
                {
                    violations.Add($"{type.FullName} uses {used}");
                }
            }
        }

        return violations;
    }

    public static bool Implements(TypeDefinition type, string openGenericInterface) =>
        type.Interfaces.Any(i => ElementName(i.InterfaceType) == openGenericInterface)
        || (type.BaseType?.Resolve() is { } baseType && Implements(baseType, openGenericInterface));

    public static bool DerivesFrom(TypeDefinition type, string openGenericBase)
    {
        for (var current = type.BaseType; current is not null; current = current.Resolve()?.BaseType)
        {
            if (ElementName(current) == openGenericBase)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsVisibleOutsideAssembly(TypeDefinition type) =>
        type.IsPublic || (type.IsNestedPublic && IsVisibleOutsideAssembly(type.DeclaringType));

    private static string ElementName(TypeReference reference) =>
        (reference is GenericInstanceType generic ? generic.ElementType : reference).FullName;

    private static string? ModuleOf(TypeDefinition type, string rootNamespace)
    {
        var outer = type;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        return ModuleOf(outer.FullName, rootNamespace);
    }

    private static string? ModuleOf(string fullName, string rootNamespace)
    {
        var prefix = rootNamespace + ".";
        if (!fullName.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fullName[prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? null : rest[..dot];
    }

    private static IEnumerable<TypeDefinition> Flatten(TypeDefinition type) =>
        new[] { type }.Concat(type.NestedTypes.SelectMany(Flatten));

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        var references = new List<TypeReference?> { type.BaseType };
        references.AddRange(type.Interfaces.Select(i => i.InterfaceType));
        references.AddRange(type.CustomAttributes.Select(a => a.AttributeType));
        references.AddRange(type.Fields.Select(f => f.FieldType));
        references.AddRange(type.Properties.Select(p => p.PropertyType));
        foreach (var method in type.Methods)
        {
            references.Add(method.ReturnType);
            references.AddRange(method.Parameters.Select(p => p.ParameterType));
            if (!method.HasBody)
            {
                continue;
            }

            references.AddRange(method.Body.Variables.Select(v => v.VariableType));
            foreach (var instruction in method.Body.Instructions)
            {
                references.AddRange(instruction.Operand switch
                {
                    TypeReference used => [used],
                    MethodReference called => [called.DeclaringType, called.ReturnType, .. called.Parameters.Select(p => p.ParameterType)],
                    FieldReference field => [field.DeclaringType, field.FieldType],
                    _ => [],
                });
            }
        }

        return references.OfType<TypeReference>().SelectMany(Unwrap);
    }

    private static IEnumerable<TypeReference> Unwrap(TypeReference reference) => reference switch
    {
        GenericInstanceType generic => Unwrap(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Unwrap)),
        TypeSpecification specification => Unwrap(specification.ElementType),
        GenericParameter => [],
        _ => [reference],
    };
}
