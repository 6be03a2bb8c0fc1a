/** Labelled inputs bound to a form: hint and inline error wired to the input for screen readers. */
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { Form, FormValues } from "../forms/use-form";
import { AlertIcon } from "./icons";

interface FieldFrameProps {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}

export function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {children}
      {hint && !error && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <AlertIcon />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) => (error ? `${id}-error` : hint ? `${id}-hint` : undefined);

type StringKeys<V> = { [K in keyof V & string]: V[K] extends string ? K : never }[keyof V & string];

interface TextFieldProps<V extends FormValues> {
  form: Form<V>;
  name: StringKeys<V>;
  label: ComponentChildren;
  type?: "text" | "email" | "password" | "url" | "search";
  hint?: ComponentChildren;
  autocomplete?: string;
  inputmode?: "text" | "numeric" | "email";
  placeholder?: string;
  maxLength?: number;
  autoFocus?: boolean;
  readOnly?: boolean;
  class?: string;
}

export function TextField<V extends FormValues>(props: TextFieldProps<V>) {
  const { form, name, hint } = props;
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.autoFocus) ref.current?.focus();
  }, []);
  return (
    <FieldFrame id={id} label={props.label} hint={hint} error={error}>
      <input
        ref={ref}
        id={id}
        name={name}
        class={`input ${props.class ?? ""}`}
        // Preact's input props discriminate on one literal `type`; every type this field takes is a text input.
        type={(props.type ?? "text") as "text"}
        value={form.values[name] as string}
        onInput={(e) => form.set(name, e.currentTarget.value as V[typeof name])}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        readOnly={props.readOnly}
        spellcheck={false}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

interface SelectFieldProps<V extends FormValues> {
  form: Form<V>;
  name: StringKeys<V>;
  label: ComponentChildren;
  options: ReadonlyArray<{ value: string; label: string }>;
  hint?: ComponentChildren;
}

export function SelectField<V extends FormValues>({ form, name, label, options, hint }: SelectFieldProps<V>) {
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        class="select"
        value={form.values[name] as string}
        onChange={(e) => form.set(name, e.currentTarget.value as V[typeof name])}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

interface TextAreaFieldProps<V extends FormValues> {
  form: Form<V>;
  name: StringKeys<V>;
  label: ComponentChildren;
  hint?: ComponentChildren;
  placeholder?: string;
  maxLength?: number;
  rows?: number;
}

export function TextAreaField<V extends FormValues>({ form, name, label, hint, placeholder, maxLength, rows = 4 }: TextAreaFieldProps<V>) {
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        class="input textarea"
        rows={rows}
        value={form.values[name] as string}
        onInput={(e) => form.set(name, e.currentTarget.value as V[typeof name])}
        placeholder={placeholder}
        maxLength={maxLength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}
