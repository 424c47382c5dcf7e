using Mono.Cecil;
using NetArchTest.Rules;

namespace Paylent.ArchitectureTests;

/// <summary>
/// Met by a type none of whose compiler-generated types (lambda closures, async and iterator state
/// machines, local-function frames, at any depth) uses one of <paramref name="dependencies"/>, so a
/// use hidden in one counts for the type that declares it.
/// </summary>
/// <remarks>
/// NetArchTest 1.3.2 lists no compiler-generated type, and it follows a type's generated nested
/// types only while they carry <c>[CompilerGenerated]</c>. The state machine of an async lambda is
/// nested in the lambda's closure class and carries none, so a use inside it goes unseen
/// (<c>GeneratedCodeTests</c> pins that). This rule reads what NetArchTest does (signatures, locals,
/// and the types, methods and fields the instructions name) and matches names the way its
/// <c>HaveDependencyOn</c> does: a namespace or type name and everything under it.
/// </remarks>
internal sealed class GeneratedCodeUsesNone(IReadOnlyCollection<string> dependencies) : ICustomRule
{
    public bool MeetsRule(TypeDefinition type) =>
        !Generated(type).SelectMany(Uses).SelectMany(Unwrap).Any(used => dependencies.Any(d => Matches(Name(used), d)));

    private static IEnumerable<TypeDefinition> Generated(TypeDefinition type) =>
        type.NestedTypes.Where(IsGenerated).SelectMany(nested => Generated(nested).Prepend(nested));

    // C# gives every type it generates an unspeakable name: <>c, <>c__DisplayClass0_0, <Handle>d__3.
    private static bool IsGenerated(TypeDefinition type) => type.Name.StartsWith('<');

    private static IEnumerable<TypeReference?> Uses(TypeDefinition type)
    {
        yield return type.BaseType;
        foreach (var implemented in type.Interfaces)
        {
            yield return implemented.InterfaceType;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
        }

        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var parameter in method.Parameters)
            {
                yield return parameter.ParameterType;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                yield return variable.VariableType;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference used:
                        yield return used;
                        break;
                    case GenericInstanceMethod generic:
                        yield return generic.DeclaringType;
                        foreach (var argument in generic.GenericArguments)
                        {
                            yield return argument;
                        }

                        break;
                    case MemberReference member:
                        yield return member.DeclaringType;
                        break;
                }
            }
        }
    }

    private static IEnumerable<TypeReference> Unwrap(TypeReference? reference) => reference switch
    {
        null or GenericParameter => [],
        GenericInstanceType generic => generic.GenericArguments.SelectMany(Unwrap).Prepend(generic.ElementType),
        TypeSpecification specification => Unwrap(specification.ElementType),
        _ => [reference],
    };

    private static string Name(TypeReference type) => type.FullName.Replace('/', '+');

    private static bool Matches(string name, string dependency) =>
        name == dependency
        || (name.StartsWith(dependency, StringComparison.Ordinal) && name[dependency.Length] is '.' or '+');
}
