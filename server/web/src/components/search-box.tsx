import { type FormEvent, useEffect, useState } from "react";

/** A search field that applies on submit (Enter) or after a short pause, and follows the URL when it changes. */
export function SearchBox({ value, onSearch, label, placeholder }: { value: string; onSearch: (q: string) => void; label: string; placeholder?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const t = setTimeout(() => onSearch(text.trim()), 400);
    return () => clearTimeout(t);
  }, [text, value, onSearch]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim());
  };
  return (
    <form className="search" onSubmit={submit}>
      <label className="field field-inline">
        <span>{label}</span>
        <input type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
      </label>
    </form>
  );
}
