package io.dtls4j;

import io.dtls4j.engine.DtlsEngine;
import io.dtls4j.testing.Dependencies;
import io.dtls4j.testing.Dependencies.Edge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules of core (docs/architecture.md), checked on the compiled classes with the JDK's
 * jdeps: data flows one way (datagram → records → handshake → engine → events), a package never
 * imports its caller, and the public API shows only exported packages.
 */
class ArchitectureTest {
    private static final String ROOT = "io.dtls4j";
    /** What module-info exports: the API. Everything else in core is internal. */
    static final Set<String> EXPORTED = Set.of(ROOT, ROOT + ".config", ROOT + ".credentials", ROOT + ".engine", ROOT + ".session");

    private static List<Edge> packageEdges;
    private static Path classes;

    @BeforeAll
    static void readDependencies() {
        classes = Dependencies.locationOf(DtlsEngine.class);
        packageEdges = Dependencies.packages(classes, ROOT);
    }

    @Test
    void handshakeVersionsAndAuthenticationNeverImportTheEngine() {
        assertThat(edgesFrom("handshake", "handshake.message", "handshake.extension", "dtls12", "auth"))
                .filteredOn(e -> e.to().equals(ROOT + ".engine") || e.to().startsWith(ROOT + ".transport"))
                .isEmpty();
    }

    @Test
    void coreImportsNoTransportAndNoCli() {
        assertThat(packageEdges).filteredOn(e -> e.to().startsWith(ROOT + ".transport") || e.to().startsWith(ROOT + ".cli"))
                .isEmpty();
    }

    @Test
    void lowerLayersNeverImportHigherOnes() {
        // bottom up: a layer may use the ones below it only
        List<Set<String>> layers = List.of(
                Set.of("wire"),
                Set.of("crypto", "record"),
                Set.of("handshake.message"),
                Set.of("auth"),
                Set.of("handshake.extension"),
                Set.of("handshake"),
                Set.of("dtls12"),
                Set.of("engine"));
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (int j = i + 1; j < layers.size(); j++) {
                for (String lower : layers.get(i)) {
                    for (String higher : layers.get(j)) {
                        packageEdges.stream().filter(e -> e.from().equals(ROOT + "." + lower) && e.to().equals(ROOT + "." + higher))
                                .forEach(e -> violations.add(e.toString()));
                    }
                }
            }
        }
        assertThat(violations).as("a lower layer imports a higher one").isEmpty();
    }

    @Test
    void recordLayerKnowsNothingOfHandshakesOrVersions() {
        assertThat(edgesFrom("record", "crypto", "wire"))
                .filteredOn(e -> e.to().startsWith(ROOT + ".handshake") || e.to().equals(ROOT + ".dtls12")
                        || e.to().equals(ROOT + ".auth") || e.to().equals(ROOT + ".engine"))
                .isEmpty();
    }

    @Test
    void packagesHaveNoCycles() {
        Map<String, Set<String>> graph = new HashMap<>();
        packageEdges.forEach(e -> graph.computeIfAbsent(e.from(), k -> new HashSet<>()).add(e.to()));
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (reaches(graph, start, start, new HashSet<>())) {
                cycles.add(start);
            }
        }
        assertThat(cycles).as("packages on a dependency cycle").isEmpty();
    }

    @Test
    void exportedTypesShowOnlyExportedPackagesInTheirPublicSignatures() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : exportedPublicTypes()) {
            List<Type> shown = new ArrayList<>();
            if (type.getGenericSuperclass() != null) {
                shown.add(type.getGenericSuperclass());
            }
            shown.addAll(List.of(type.getGenericInterfaces()));
            for (Method m : type.getDeclaredMethods()) {
                if (isVisible(m.getModifiers()) && !m.isSynthetic()) {
                    shown.add(m.getGenericReturnType());
                    shown.addAll(List.of(m.getGenericParameterTypes()));
                    shown.addAll(List.of(m.getGenericExceptionTypes()));
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (isVisible(c.getModifiers()) && !c.isSynthetic()) {
                    shown.addAll(List.of(c.getGenericParameterTypes()));
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
                    shown.add(f.getGenericType());
                }
            }
            for (Type t : shown) {
                for (Class<?> used : classesIn(t)) {
                    String pkg = used.getPackageName();
                    if (pkg.startsWith(ROOT) && !EXPORTED.contains(pkg)) {
                        leaks.add(type.getName() + " shows " + used.getName());
                    }
                }
            }
        }
        assertThat(leaks).as("internal types in the public API").isEmpty();
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private List<Edge> edgesFrom(String... packages) {
        Set<String> from = Stream.of(packages).map(p -> ROOT + "." + p).collect(Collectors.toSet());
        List<Edge> edges = packageEdges.stream().filter(e -> from.contains(e.from())).toList();
        assertThat(edges).as("jdeps saw dependencies of " + from).isNotEmpty();
        return edges;
    }

    private static boolean reaches(Map<String, Set<String>> graph, String from, String target, Set<String> seen) {
        for (String next : graph.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(graph, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    private static List<Class<?>> exportedPublicTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : EXPORTED) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = pkg + "." + file.getFileName().toString().replace(".class", "");
                    Class<?> type = Class.forName(name, false, ArchitectureTest.class.getClassLoader());
                    if (isApi(type)) {
                        types.add(type);
                    }
                }
            }
        }
        assertThat(types).as("public types of the exported packages").hasSizeGreaterThan(20);
        return types;
    }

    /** Public, and nested only in public types. */
    private static boolean isApi(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isSynthetic()) {
                return false;
            }
        }
        return true;
    }

    private static Set<Class<?>> classesIn(Type type) {
        Set<Class<?>> found = new HashSet<>();
        collect(type, found);
        return found;
    }

    private static void collect(Type type, Set<Class<?>> found) {
        if (type instanceof Class<?> c) {
            found.add(c.isArray() ? c.getComponentType() : c);
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), found);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, found);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), found);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                collect(bound, found);
            }
            for (Type bound : w.getLowerBounds()) {
                collect(bound, found);
            }
        }
    }
}
