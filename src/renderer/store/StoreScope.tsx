import { createContext, type ReactNode, useContext } from 'react'
import { useStore } from 'zustand'
import { type AppStore, type AppStoreHook, useAppStore } from './index'

/** The store the report components below read: the app's unless a StoreScope gives another. */
const StoreContext = createContext<AppStoreHook>(useAppStore)

/**
 * Gives the components inside it their own store. A standalone document shows several reports on one page
 * (a project's batches), each with its own selected column, sort and filter; the app needs no scope.
 */
export function StoreScope({
  store,
  children
}: Readonly<{ store: AppStoreHook; children: ReactNode }>) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

/**
 * Reads the store of the nearest StoreScope (the app's store outside any), as `useAppStore(selector)`
 * does. The report components use it, so the same components serve the app and a document.
 */
export function useScopedStore<T>(selector: (state: AppStore) => T): T {
  return useStore(useContext(StoreContext), selector)
}
